package dev.patchbay.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The key file reaches the disk before it is used: at creation and at each write of a rotation. */
class KeyFileDurabilityTest {
    @TempDir
    Path dataDir;

    private final RecordingDurableFiles files = new RecordingDurableFiles();

    @Test
    void creating_the_key_file_writes_forces_it_renames_it_then_forces_the_directory() throws IOException {
        MasterKeys.load(null, dataDir, files);

        assertThat(files.calls).containsExactlyElementsOf(oneReplacement());
        assertThat(Files.exists(dataDir.resolve(MasterKeys.FILE_NAME))).isTrue();
    }

    @Test
    void rotation_replaces_the_key_file_the_same_way_at_both_of_its_writes() {
        MasterKeys.load(null, dataDir);

        int keys = MasterKeys.rotateKeyFile(dataDir, sealer -> files.calls.add("re-encrypt"), files);

        List<String> expected = new ArrayList<>(oneReplacement());
        expected.add("re-encrypt");
        expected.addAll(oneReplacement());
        assertThat(files.calls).containsExactlyElementsOf(expected);
        assertThat(keys).isEqualTo(1);
    }

    @Test
    void loading_an_existing_key_file_writes_nothing() {
        MasterKeys.load(null, dataDir);

        MasterKeys.load(null, dataDir, files);

        assertThat(files.calls).isEmpty();
    }

    private List<String> oneReplacement() {
        Path file = dataDir.resolve(MasterKeys.FILE_NAME).toAbsolutePath();
        Path temp = file.resolveSibling(MasterKeys.FILE_NAME + ".tmp");
        return List.of("write " + temp, "force " + temp, "rename " + temp + " -> " + file,
                "force directory " + dataDir.toAbsolutePath());
    }

    /** The real steps, each recorded (with absolute paths) before it runs. */
    private static final class RecordingDurableFiles extends DurableFiles {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        void write(Path file, String content) throws IOException {
            calls.add("write " + file.toAbsolutePath());
            super.write(file, content);
        }

        @Override
        void forceFile(Path file) throws IOException {
            calls.add("force " + file.toAbsolutePath());
            super.forceFile(file);
        }

        @Override
        void rename(Path from, Path to) throws IOException {
            calls.add("rename " + from.toAbsolutePath() + " -> " + to.toAbsolutePath());
            super.rename(from, to);
        }

        @Override
        void forceDirectory(Path directory) throws IOException {
            calls.add("force directory " + directory.toAbsolutePath());
            super.forceDirectory(directory);
        }
    }
}

package dev.patchbay.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** The data directory's copy of the driver's native library: made once, owner-only, and used. */
class SqliteNativeLibraryTest {
    @TempDir
    Path dataDir;

    private String savedPath;
    private String savedName;

    @BeforeEach
    void clearTheDriversSettings() {
        savedPath = System.clearProperty(SqliteNativeLibrary.PATH_PROPERTY);
        savedName = System.clearProperty(SqliteNativeLibrary.NAME_PROPERTY);
    }

    @AfterEach
    void restoreTheDriversSettings() {
        restore(SqliteNativeLibrary.PATH_PROPERTY, savedPath);
        restore(SqliteNativeLibrary.NAME_PROPERTY, savedName);
    }

    @Test
    void the_first_start_copies_the_bundled_library_owner_only_and_points_the_driver_at_it() throws IOException {
        SqliteNativeLibrary.useCopyIn(dataDir);

        Path library = expectedLibrary();
        assertThat(library).isRegularFile();
        assertThat(Files.readAllBytes(library)).isEqualTo(bundledLibrary());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(library))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(library.getParent()))).isEqualTo("rwx------");
        assertThat(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY)).isEqualTo(library.getParent().toString());
        assertThat(System.getProperty(SqliteNativeLibrary.NAME_PROPERTY)).isEqualTo(LibraryLoaderUtil.getNativeLibName());
        try (var files = Files.list(library.getParent())) {
            assertThat(files).as("no temporary file is left").containsExactly(library);
        }
    }

    @Test
    void later_starts_use_the_copy_as_it_is() throws IOException {
        SqliteNativeLibrary.useCopyIn(dataDir);
        Path library = expectedLibrary();
        FileTime written = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(library, written);
        System.clearProperty(SqliteNativeLibrary.PATH_PROPERTY);
        System.clearProperty(SqliteNativeLibrary.NAME_PROPERTY);

        SqliteNativeLibrary.useCopyIn(dataDir);

        assertThat(Files.getLastModifiedTime(library)).isEqualTo(written);
        assertThat(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY)).isEqualTo(library.getParent().toString());
    }

    @Test
    void a_library_the_operator_chose_is_left_alone() {
        System.setProperty(SqliteNativeLibrary.PATH_PROPERTY, "/opt/sqlite/lib");

        SqliteNativeLibrary.useCopyIn(dataDir);

        assertThat(dataDir.resolve("native")).doesNotExist();
        assertThat(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY)).isEqualTo("/opt/sqlite/lib");
        assertThat(System.getProperty(SqliteNativeLibrary.NAME_PROPERTY)).isNull();
    }

    private Path expectedLibrary() {
        return dataDir.resolve("native").resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion() + "-" + System.getProperty("os.arch"))
                .resolve(LibraryLoaderUtil.getNativeLibName()).toAbsolutePath();
    }

    private static byte[] bundledLibrary() throws IOException {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return in.readAllBytes();
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}

package dev.patchbay.crypto;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The file-system steps by which the key file is replaced durably, each apart so that a test can see
 * their order. {@link #replaceOwnerOnly} is the one sequence both key creation and rotation use.
 * Stateless and thread-safe; every step throws {@link IOException} as the file system does.
 */
class DurableFiles {
    static final DurableFiles LOCAL = new DurableFiles();

    /**
     * Replaces {@code file} with {@code content}, readable by its owner only, so that once this returns
     * the new content survives a crash or a power loss and no reader ever sees a partial file: write a
     * temporary file, force it to disk, rename it over {@code file}, force the directory (which holds
     * the rename). Without the two forces a power loss could leave an empty or old key file behind a
     * database that has already committed secrets sealed under the new key ({@code synchronous=FULL}).
     */
    final void replaceOwnerOnly(Path file, String content) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        write(temp, content);
        forceFile(temp);
        rename(temp, file);
        forceDirectory(directory);
    }

    /** Creates {@code file} afresh, owner read/write only where the file system has POSIX permissions. */
    void write(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, content);
    }

    void forceFile(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    void rename(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Forces a directory's entries (the rename) to disk; POSIX file systems allow opening it to read. */
    void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}

package dev.patchbay.wiring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A lock on {@code patchbay.lock} in the data directory: a running service holds it shared, and
 * {@code master-key rotate} needs it exclusive, so rotation cannot run beside a service that would
 * keep using the old key.
 */
final class DataDirLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirLock shared(Path dataDir) {
        return acquire(dataDir, true);
    }

    /** The exclusive lock; throws {@link IllegalStateException} when a service is running on this data dir. */
    static DataDirLock exclusive(Path dataDir) {
        return acquire(dataDir, false);
    }

    private static DataDirLock acquire(Path dataDir, boolean shared) {
        try {
            java.nio.file.Files.createDirectories(dataDir);
            FileChannel channel = FileChannel.open(dataDir.resolve("patchbay.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            FileLock lock;
            try {
                lock = channel.tryLock(0, Long.MAX_VALUE, shared);
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException(shared
                        ? "the data directory " + dataDir + " is locked by a master-key rotation"
                        : "a Patchbay service is running on " + dataDir + "; stop it before rotating the master key");
            }
            return new DataDirLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the data directory " + dataDir, e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

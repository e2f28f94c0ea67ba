package dev.patchbay.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Keeps one copy of sqlite-jdbc's native library in the data directory. Left alone, the driver copies
 * the library out of the jar into the temporary directory at every start and reads both copies back to
 * compare them, byte by byte: a tenth of a second, and work for the JIT, on every start.
 *
 * <p>The copy sits under {@code native/sqlite-jdbc-<version>-<os.arch>/}, so a new driver (or a data
 * directory moved to another machine) brings its own, and is written through a temporary file and an
 * atomic move, so a crash never leaves a partial library under the final name. The data directory
 * already holds the master key: whoever could replace the library there could read everything anyway.
 * Should the copy fail to load (a {@code noexec} mount, say), the driver falls back to its own copy in
 * the temporary directory.
 */
final class SqliteNativeLibrary {
    private static final Logger log = LoggerFactory.getLogger(SqliteNativeLibrary.class);
    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";

    private SqliteNativeLibrary() {
    }

    /** Points the driver at the copy in {@code dataDir}, made first if missing; does nothing when the operator chose a library. */
    static void useCopyIn(Path dataDir) {
        if (System.getProperty(PATH_PROPERTY) != null || System.getProperty(NAME_PROPERTY) != null) {
            return;
        }
        String version = SQLiteJDBCLoader.getVersion();
        String name = LibraryLoaderUtil.getNativeLibName();
        if (version == null || version.isBlank() || "unknown".equals(version)) {
            return;
        }
        // Named by version and architecture, which cost nothing to learn; the driver's full platform
        // name (which runs `uname`) is only needed to find the library in the jar, once.
        Path dir = dataDir.resolve("native").resolve("sqlite-jdbc-" + version + "-" + System.getProperty("os.arch"));
        try {
            Path library = dir.resolve(name);
            if (!Files.isRegularFile(library)
                    && !copy(LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name, dir, library)) {
                return; // no library for this platform in the jar: the driver reports it
            }
            System.setProperty(PATH_PROPERTY, dir.toAbsolutePath().toString());
            System.setProperty(NAME_PROPERTY, name);
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("cannot keep the SQLite native library in {} ({}); the driver extracts it at each start",
                    dir, e.getClass().getSimpleName());
        }
    }

    private static boolean copy(String resource, Path dir, Path library) throws IOException {
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                return false;
            }
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path temp = Files.createTempFile(dir, "lib", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            try {
                try (OutputStream out = Files.newOutputStream(temp)) { // keeps the owner-only mode
                    in.transferTo(out);
                }
                Files.move(temp, library, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
            return true;
        }
    }
}

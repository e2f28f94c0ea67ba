package dev.patchbay.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Reads files that ship inside the jar; a missing one is a broken build, so it fails start-up. */
final class Resources {
    private Resources() {
    }

    static byte[] bytes(String path) {
        try (InputStream in = open(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " from the classpath", e);
        }
    }

    static Properties properties(String path) {
        Properties properties = new Properties();
        try (InputStream in = open(path)) {
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " from the classpath", e);
        }
    }

    /** Throws unless {@code path} is on the classpath. */
    static void require(String path) {
        if (Resources.class.getClassLoader().getResource(path) == null) {
            throw new IllegalStateException(path + " is missing from the classpath");
        }
    }

    private static InputStream open(String path) {
        InputStream in = Resources.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException(path + " is missing from the classpath");
        }
        return in;
    }
}

package dev.patchbay.connections;

/** The connection kept changing concurrently; nothing was changed. */
public final class ConcurrentConnectionChangeException extends RuntimeException {
    public ConcurrentConnectionChangeException() {
        super("the connection kept changing concurrently", null, false, false);
    }
}

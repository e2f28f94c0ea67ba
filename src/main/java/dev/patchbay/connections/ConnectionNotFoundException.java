package dev.patchbay.connections;

/** No connection has this id. */
public final class ConnectionNotFoundException extends RuntimeException {
    public ConnectionNotFoundException() {
        super("no connection has this id", null, false, false);
    }
}

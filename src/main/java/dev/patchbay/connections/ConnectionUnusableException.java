package dev.patchbay.connections;

/**
 * The connection cannot give a credential: it needs re-authorization, or it is disconnected.
 * {@link #status()} says which.
 */
public final class ConnectionUnusableException extends RuntimeException {
    private final String status;

    public ConnectionUnusableException(String status) {
        super("the connection is " + status, null, false, false);
        this.status = status;
    }

    public String status() {
        return status;
    }
}

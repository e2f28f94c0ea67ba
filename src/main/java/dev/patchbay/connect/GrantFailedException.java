package dev.patchbay.connect;

/**
 * The provider handed out no tokens for a code (refused it, failed, or could not be reached), or
 * the connection to re-authorize is gone. {@code reason} is a short token such as
 * {@code invalid_grant}, never a response body.
 */
public final class GrantFailedException extends Exception {
    private final String reason;

    public GrantFailedException(String reason) {
        super(reason, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}

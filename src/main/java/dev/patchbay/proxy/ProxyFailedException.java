package dev.patchbay.proxy;

/**
 * A request the proxy did not forward, or whose provider gave no answer; {@link #reason()} says which.
 * Its message never holds the path, the query, a header value or a credential.
 */
public final class ProxyFailedException extends RuntimeException {
    /** Why the call failed; the HTTP layer picks the status from it. */
    public enum Reason {
        /** The path could leave the provider's base path or host: nothing was sent. */
        PATH_REFUSED,
        /** The provider's descriptor says nothing of its API, or the setup lacks a value its base URL needs. */
        NO_API,
        /** The request body is larger than the limit. */
        BODY_TOO_LARGE,
        /** The caller's request body could not be read (the caller stopped sending it). */
        BODY_UNREADABLE,
        /** The API host resolves to an address the proxy may not call. */
        DESTINATION_REFUSED,
        /** The provider could not be reached, or broke off its answer. */
        UNREACHABLE,
        /** The provider did not start its answer in time. */
        TIMEOUT
    }

    private final Reason reason;

    public ProxyFailedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

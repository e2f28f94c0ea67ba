package dev.patchbay.connections;

/**
 * The access token has expired (or is about to) and the provider could not refresh it just now
 * (timeout, 5xx, unreachable, or it refused the client): the connection stays active. Retry after
 * {@link #retryAfterSeconds()}.
 */
public final class RefreshUnavailableException extends RuntimeException {
    private final long retryAfterSeconds;

    public RefreshUnavailableException(long retryAfterSeconds) {
        super("the provider could not refresh the token now", null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

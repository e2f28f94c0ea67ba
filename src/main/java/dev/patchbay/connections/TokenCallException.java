package dev.patchbay.connections;

/**
 * Why a token endpoint call failed. {@link #code()} is the provider's error code (or a word of
 * Patchbay's, such as {@code timeout}) cut to a short token: never a response body, never a token.
 */
public final class TokenCallException extends Exception {
    /** How definitive the failure is. */
    public enum Kind {
        /** The grant (code or refresh token) is revoked, expired or unknown: asking again cannot help. */
        INVALID_GRANT,
        /** The provider refused the client (its credentials, or the request as a whole). */
        REJECTED_CLIENT,
        /** Timeout, a 5xx or 429, an unreachable host, an answer that could not be read: try later. */
        TEMPORARY
    }

    private final Kind kind;
    private final String code;

    public TokenCallException(Kind kind, String code) {
        super(kind + " (" + code + ")", null, false, false);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }
}

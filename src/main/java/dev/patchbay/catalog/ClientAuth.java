package dev.patchbay.catalog;

/** How an oauth2 client authenticates at the token endpoint (RFC 6749 §2.3.1). */
public enum ClientAuth {
    /** HTTP Basic with the client id and secret, what RFC 6749 asks servers to support. */
    BASIC,
    /** {@code client_id} and {@code client_secret} as body parameters. */
    BODY
}

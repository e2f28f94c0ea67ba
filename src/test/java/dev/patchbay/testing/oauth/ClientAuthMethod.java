package dev.patchbay.testing.oauth;

/** How a client authenticates at the token and revocation endpoints (RFC 6749 §2.3.1). */
public enum ClientAuthMethod {
    /** {@code client_secret_basic}: HTTP Basic with the form-encoded id and secret. */
    BASIC,
    /** {@code client_secret_post}: {@code client_id} and {@code client_secret} in the request body. */
    POST
}

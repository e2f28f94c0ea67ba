package dev.patchbay.testing.oauth;

/** What the fake's authorization endpoint does with PKCE (RFC 7636). Only S256 is ever accepted. */
public enum PkcePolicy {
    /** A request without {@code code_challenge} is refused (OAuth 2.1, most providers today). */
    REQUIRED,
    /** PKCE is checked when the client uses it. */
    OPTIONAL,
    /** A request with {@code code_challenge} (or a token request with {@code code_verifier}) is refused. */
    REFUSED
}

package dev.patchbay.testing.oauth;

/** The body format of a token or revocation request. */
public enum RequestFormat {
    /** {@code application/x-www-form-urlencoded}, as RFC 6749 prescribes. */
    FORM,
    /** {@code application/json}, as Notion and a few others expect. */
    JSON
}

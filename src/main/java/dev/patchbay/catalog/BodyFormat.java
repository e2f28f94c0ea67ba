package dev.patchbay.catalog;

/** How a token request or response body is encoded. */
public enum BodyFormat {
    /** {@code application/x-www-form-urlencoded}, what RFC 6749 prescribes for requests. */
    FORM,
    /** {@code application/json}. */
    JSON
}

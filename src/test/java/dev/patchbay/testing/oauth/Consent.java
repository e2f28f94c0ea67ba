package dev.patchbay.testing.oauth;

/** What the fake's "user" decides on the authorization request. */
public enum Consent {
    /** Redirects straight back with a code. */
    AUTO_APPROVE,
    /** Redirects straight back with {@code error=access_denied}. */
    AUTO_DENY,
    /** Shows an HTML consent page whose Approve and Deny buttons post the decision back to the fake. */
    ASK
}

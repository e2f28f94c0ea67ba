package dev.patchbay.connect;

/**
 * How a step of a browser flow ended, for metrics and for the page or redirect that ends it;
 * {@link #error()} is the {@code error} the application hears.
 */
public enum FlowOutcome {
    /** The browser was sent to the provider. */
    STARTED("started", null),
    CONNECTED("connected", null),
    /** The user declined (the provider answered {@code error=access_denied}). */
    DENIED("denied", "access_denied"),
    /** No tokens came of the callback: the exchange failed, the provider sent another error, or no code. */
    EXCHANGE_FAILED("exchange_failed", "exchange_failed"),
    /** The callback's {@code iss} is not the provider's issuer (RFC 9207): nothing was exchanged. */
    INVALID_ISSUER("invalid_issuer", "exchange_failed"),
    /** The callback came for a session past its expiry. */
    EXPIRED("expired", "expired"),
    /** The callback's state is unknown, tampered with or used already. */
    INVALID_STATE("invalid_state", "invalid_state"),
    /** The authorize link's token is unknown, used or expired. */
    INVALID_TOKEN("invalid_token", "invalid_token");

    private final String metric;
    private final String error;

    FlowOutcome(String metric, String error) {
        this.metric = metric;
        this.error = error;
    }

    /** The outcome's label in metrics. */
    public String metric() {
        return metric;
    }

    /** The {@code error} reported to the application; null for the outcomes that are not errors. */
    public String error() {
        return error;
    }
}

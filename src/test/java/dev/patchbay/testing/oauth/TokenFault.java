package dev.patchbay.testing.oauth;

import java.time.Duration;
import java.util.Objects;

/**
 * A misbehaviour injected into one token call (see {@link FakeOAuthServer#failNextTokenCalls}).
 * {@code status} 0 means "answer normally after {@code delay}".
 */
public record TokenFault(int status, String error, Duration delay) {
    public TokenFault {
        Objects.requireNonNull(delay, "delay");
    }

    /** HTTP 503 with a plain-text body, as a provider's load balancer answers. */
    public static TokenFault unavailable() {
        return new TokenFault(503, null, Duration.ZERO);
    }

    /** Any HTTP status with a plain-text body (a 502 from a proxy, a 500 from a bug). */
    public static TokenFault httpStatus(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a fault is an HTTP error status");
        }
        return new TokenFault(status, null, Duration.ZERO);
    }

    /** HTTP 401 {@code invalid_client}, as when the client secret was rotated at the provider. */
    public static TokenFault invalidClient() {
        return new TokenFault(401, "invalid_client", Duration.ZERO);
    }

    /** HTTP 400 with the OAuth {@code error} code given. */
    public static TokenFault error(String error) {
        return new TokenFault(400, error, Duration.ZERO);
    }

    /**
     * Waits {@code delay} (interrupted when the server closes), then answers normally: the grant
     * then takes effect even when the client gave up waiting, as when an answer is lost on the way.
     */
    public static TokenFault delay(Duration delay) {
        return new TokenFault(0, null, delay);
    }
}

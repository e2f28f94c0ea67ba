package dev.patchbay.proxy;

import java.time.Duration;

/**
 * The proxy's limits. Immutable.
 *
 * @param maxBodyBytes      the largest request body forwarded; a larger one is 413
 * @param replayBytes       request bodies up to this size are held in memory, so that a 401 or an
 *                          opted-in retry can send them again; larger ones stream and are sent once
 * @param connectTimeout    how long connecting to the provider may take
 * @param responseTimeout   how long the provider may take to start its answer (status and headers)
 * @param maxConcurrent     calls forwarded at once; one more is refused with 503 at once
 * @param maxRetryWait      the longest {@code Retry-After} an opted-in retry waits for; a longer one
 *                          passes the provider's answer back instead
 * @param allowPrivate      whether the provider's API may be on a private or loopback address
 */
public record ProxySettings(long maxBodyBytes, int replayBytes, Duration connectTimeout, Duration responseTimeout,
                            int maxConcurrent, Duration maxRetryWait, boolean allowPrivate) {
    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
    public static final int DEFAULT_REPLAY_BYTES = 256 * 1024;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_CONCURRENT = 256;
    public static final Duration DEFAULT_MAX_RETRY_WAIT = Duration.ofSeconds(10);

    public ProxySettings {
        if (maxBodyBytes < 0 || replayBytes < 0 || maxConcurrent < 1) {
            throw new IllegalArgumentException("proxy limits must be positive");
        }
    }

    public static ProxySettings defaults(boolean allowPrivate) {
        return new ProxySettings(DEFAULT_MAX_BODY_BYTES, DEFAULT_REPLAY_BYTES, DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_RESPONSE_TIMEOUT, DEFAULT_MAX_CONCURRENT, DEFAULT_MAX_RETRY_WAIT, allowPrivate);
    }
}

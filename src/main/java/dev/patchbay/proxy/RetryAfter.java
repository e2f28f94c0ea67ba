package dev.patchbay.proxy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before an opted-in retry: the provider's {@code Retry-After} (RFC 9110 §10.2.3,
 * seconds or an HTTP date) when it gives one, else exponential backoff with full jitter. Stateless.
 */
final class RetryAfter {
    /** The first backoff's ceiling; each next one doubles it. */
    private static final long BASE_BACKOFF_MILLIS = 100;

    private RetryAfter() {
    }

    /** The wait the header asks for; empty when it is absent or unreadable. */
    static Optional<Duration> parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        if (value.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Full-jitter backoff for the {@code retry}th retry (0-based). */
    static Duration backoff(int retry) {
        long ceiling = BASE_BACKOFF_MILLIS << Math.min(retry, 10);
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    }
}

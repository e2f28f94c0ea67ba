package dev.patchbay.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts wrong keys per client address. After {@code limit} failures within {@code window}, the
 * address's further wrong keys are answered "retry after" until the window has passed. Keys are 256
 * random bits, so this is about load and log noise rather than guessing; a valid key is never held
 * back. Memory is bounded: past {@code maxAddresses}, the least recently seen address is forgotten.
 * Thread-safe.
 */
public final class FailedKeyThrottle {
    private static final class Window {
        Instant start;
        int failures;

        Window(Instant start) {
            this.start = start;
        }
    }

    private final Clock clock;
    private final int limit;
    private final Duration window;
    private final Map<String, Window> byAddress;

    public FailedKeyThrottle(Clock clock, int limit, Duration window, int maxAddresses) {
        this.clock = clock;
        this.limit = limit;
        this.window = window;
        this.byAddress = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > maxAddresses;
            }
        };
    }

    /** Defaults: 20 wrong keys a minute per address, 10,000 addresses remembered. */
    public static FailedKeyThrottle standard(Clock clock) {
        return new FailedKeyThrottle(clock, 20, Duration.ofMinutes(1), 10_000);
    }

    /** Records a wrong key from {@code address}; returns how long to wait when the address is over the limit. */
    public synchronized Optional<Duration> recordFailure(String address) {
        Instant now = clock.instant();
        Window current = byAddress.get(address);
        if (current == null || !now.isBefore(current.start.plus(window))) {
            current = new Window(now);
            byAddress.put(address, current);
        }
        current.failures++;
        if (current.failures <= limit) {
            return Optional.empty();
        }
        Duration wait = Duration.between(now, current.start.plus(window));
        return Optional.of(wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait);
    }

    synchronized int trackedAddresses() {
        return byAddress.size();
    }
}

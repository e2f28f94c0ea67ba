package dev.patchbay.webhooks;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to try a failed delivery again: 10 s after the first failure, doubling up to 6 h between
 * attempts, each delay drawn between half and all of that ("equal jitter"), so that receivers coming
 * back are not hit by every instance's backlog at the same instant. About 30 attempts fit in 3 days.
 */
final class Backoff {
    static final Duration FIRST = Duration.ofSeconds(10);
    static final Duration LONGEST = Duration.ofHours(6);
    /** Deliveries are given up this long after they were due first (the contract's 3 days). */
    static final Duration GIVE_UP_AFTER = Duration.ofDays(3);

    private final RandomGenerator random;

    Backoff(RandomGenerator random) {
        this.random = random;
    }

    /** The delay after the {@code failures}-th failed attempt (1 for the first). */
    long delayMillis(int failures) {
        long ceiling = FIRST.toMillis() << Math.min(Math.max(failures - 1, 0), 20);
        long full = Math.min(ceiling, LONGEST.toMillis());
        return full / 2 + (long) (random.nextDouble() * (full / 2.0));
    }
}

package dev.patchbay.auth;

import dev.patchbay.testing.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link FailedKeyThrottle} on a clock the test moves. */
class FailedKeyThrottleTest {
    private static final int LIMIT = 20;
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MAX_ADDRESSES = 100;
    private static final String ADDRESS = "203.0.113.7";
    private static final String OTHER_ADDRESS = "198.51.100.1";

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-29T10:00:00Z"));
    private final FailedKeyThrottle throttle = new FailedKeyThrottle(clock, LIMIT, WINDOW, MAX_ADDRESSES);

    @Test
    void the_first_20_failures_in_a_window_are_not_held_back() {
        for (int i = 0; i < LIMIT; i++) {
            assertThat(throttle.recordFailure(ADDRESS)).as("failure %d", i + 1).isEmpty();
        }
    }

    @Test
    void the_21st_failure_in_a_window_waits_until_the_window_ends() {
        fail(ADDRESS, LIMIT);
        clock.advance(Duration.ofSeconds(15));

        assertThat(throttle.recordFailure(ADDRESS)).contains(Duration.ofSeconds(45));
    }

    @Test
    void the_wait_shrinks_as_the_window_passes() {
        fail(ADDRESS, LIMIT + 1);
        clock.advance(Duration.ofSeconds(59));

        assertThat(throttle.recordFailure(ADDRESS)).contains(Duration.ofSeconds(1));
    }

    @Test
    void after_the_window_the_address_starts_afresh() {
        fail(ADDRESS, LIMIT + 5);
        clock.advance(WINDOW);

        for (int i = 0; i < LIMIT; i++) {
            assertThat(throttle.recordFailure(ADDRESS)).as("failure %d of the new window", i + 1).isEmpty();
        }
        assertThat(throttle.recordFailure(ADDRESS)).contains(WINDOW);
    }

    @Test
    void failures_spread_over_windows_never_add_up() {
        for (int window = 0; window < 5; window++) {
            for (int i = 0; i < LIMIT; i++) {
                assertThat(throttle.recordFailure(ADDRESS)).isEmpty();
            }
            clock.advance(WINDOW);
        }
    }

    @Test
    void one_address_over_the_limit_does_not_hold_back_another() {
        fail(ADDRESS, LIMIT + 1);

        assertThat(throttle.recordFailure(OTHER_ADDRESS)).isEmpty();
    }

    @Test
    void memory_stays_bounded_by_max_addresses() {
        for (int i = 0; i < 10 * MAX_ADDRESSES; i++) {
            throttle.recordFailure("10.0." + (i / 256) + "." + (i % 256));
        }

        assertThat(throttle.trackedAddresses()).isEqualTo(MAX_ADDRESSES);
    }

    @Test
    void an_address_that_keeps_failing_stays_tracked_while_others_come_and_go() {
        fail(ADDRESS, LIMIT);
        for (int i = 0; i < 10 * MAX_ADDRESSES; i++) {
            throttle.recordFailure("10.1." + (i / 256) + "." + (i % 256));
            if (i % (MAX_ADDRESSES / 2) == 0) {
                // Each of its failures makes it the most recently seen again.
                Optional<Duration> wait = throttle.recordFailure(ADDRESS);
                assertThat(wait).as("still counted after %d other addresses", i + 1).isPresent();
            }
        }
    }

    @Test
    void the_standard_throttle_allows_20_failures_a_minute() {
        FailedKeyThrottle standard = FailedKeyThrottle.standard(clock);
        for (int i = 0; i < 20; i++) {
            assertThat(standard.recordFailure(ADDRESS)).isEmpty();
        }

        assertThat(standard.recordFailure(ADDRESS)).contains(Duration.ofMinutes(1));
    }

    private void fail(String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.recordFailure(address);
        }
    }
}

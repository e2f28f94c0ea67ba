package dev.patchbay.webhooks;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * What this instance's dispatcher did, for metrics: events it fanned out to endpoints (each event is
 * fanned out once, by one instance), and delivery attempts by outcome. Thread-safe.
 */
public final class WebhookCounters {
    /** How an attempt ended: delivered, to be retried, or given up after 3 days of failures. */
    public enum Outcome {
        DELIVERED, RETRY, FAILED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final LongAdder events = new LongAdder();
    private final LongAdder[] outcomes = {new LongAdder(), new LongAdder(), new LongAdder()};
    private final LongSupplier oldestPendingMillis;

    WebhookCounters(LongSupplier oldestPendingMillis) {
        this.oldestPendingMillis = oldestPendingMillis;
    }

    void eventsFannedOut(int count) {
        events.add(count);
    }

    void attempt(Outcome outcome) {
        outcomes[outcome.ordinal()].increment();
    }

    public long events() {
        return events.sum();
    }

    public long count(Outcome outcome) {
        return outcomes[outcome.ordinal()].sum();
    }

    /** Age in seconds of the oldest pending delivery (0 when none), read from the store when called. */
    public double oldestPendingSeconds() {
        return oldestPendingMillis.getAsLong() / 1000.0;
    }
}

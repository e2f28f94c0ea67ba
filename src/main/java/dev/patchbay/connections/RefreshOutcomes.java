package dev.patchbay.connections;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** How many refreshes ended how, since start, for the metrics. Thread-safe. */
public final class RefreshOutcomes {
    /** How one caller's need for a fresh token ended. */
    public enum Outcome {
        /** This instance called the provider and stored new tokens. */
        REFRESHED,
        /** Another caller's refresh (on this instance or another) served this one; the provider was not called. */
        SHARED,
        /** The provider refused the refresh token: the connection needs re-authorization. */
        INVALID_GRANT,
        /** Timeout, 5xx, unreachable: the connection stays active. */
        TEMPORARY_FAILURE,
        /** The provider refused the client or the request. */
        REJECTED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Outcome, LongAdder> counts = new EnumMap<>(Outcome.class);

    public RefreshOutcomes() {
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome, new LongAdder());
        }
    }

    void record(Outcome outcome) {
        counts.get(outcome).increment();
    }

    public long count(Outcome outcome) {
        return counts.get(outcome).sum();
    }
}

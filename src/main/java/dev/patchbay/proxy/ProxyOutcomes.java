package dev.patchbay.proxy;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts forwarded calls by provider slug and outcome: the class of the provider's status
 * ({@code 2xx} … {@code 5xx}) or {@code failed} when it gave none (refused destination, timeout,
 * unreachable). Slugs come from the catalog and classes are few, so the label sets stay small.
 * Thread-safe.
 */
public final class ProxyOutcomes {
    public static final String FAILED = "failed";

    /** One counted pair. */
    public record Key(String provider, String outcome) {
    }

    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

    void answered(String provider, int status) {
        count(provider, (status / 100) + "xx");
    }

    void failed(String provider) {
        count(provider, FAILED);
    }

    private void count(String provider, String outcome) {
        counts.computeIfAbsent(new Key(provider, outcome), key -> new LongAdder()).increment();
    }

    /** The counts so far, in a stable order. */
    public Map<Key, Long> snapshot() {
        Map<Key, Long> copy = new TreeMap<>((a, b) -> a.provider().equals(b.provider())
                ? a.outcome().compareTo(b.outcome()) : a.provider().compareTo(b.provider()));
        counts.forEach((key, count) -> copy.put(key, count.sum()));
        return copy;
    }
}

package dev.patchbay.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The immutable set of providers, ordered by slug. Thread-safe. */
public final class Catalog {
    private final Map<String, ProviderDescriptor> bySlug;
    private final List<ProviderDescriptor> ordered;

    public Catalog(Collection<ProviderDescriptor> providers) {
        TreeMap<String, ProviderDescriptor> sorted = new TreeMap<>();
        providers.forEach(p -> sorted.put(p.slug(), p));
        this.bySlug = java.util.Collections.unmodifiableMap(sorted);
        this.ordered = List.copyOf(sorted.values());
    }

    public Optional<ProviderDescriptor> find(String slug) {
        return Optional.ofNullable(bySlug.get(slug));
    }

    /** Every provider, ordered by slug. */
    public List<ProviderDescriptor> all() {
        return ordered;
    }

    public int size() {
        return ordered.size();
    }
}

package dev.patchbay.http;

import dev.patchbay.connections.ConnectionCounts;
import dev.patchbay.setup.ListQuery;
import dev.patchbay.setup.SetupService;

import java.util.Map;

/**
 * The bytes of the provider list's default page (no query), the list every console and client asks
 * for first. They are rendered once and kept until a provider's state or its connection counts change,
 * which both services number: a read then costs two volatile reads instead of walking the catalog and
 * copying some 60 KB. Thread-safe; two threads that find the bytes stale may both render them, the same.
 */
final class DefaultListPage {
    /** The bytes with the change numbers read before they were rendered. */
    private record Held(long setupChanges, long countChanges, byte[] bytes) {
    }

    private static final ListQuery DEFAULT = ListParams.parse(Map.of());

    private final SetupService setups;
    private final ConnectionCounts counts;
    private final ProviderJson render;
    private volatile Held held;

    DefaultListPage(SetupService setups, ConnectionCounts counts, ProviderJson render) {
        this.setups = setups;
        this.counts = counts;
        this.render = render;
    }

    /** The page's body, to be sent as it is and never changed. */
    byte[] bytes() {
        // Read before rendering: a change that lands during the render moves a number past these.
        long setupChanges = setups.changes();
        long countChanges = counts.changes();
        Held current = held;
        if (current == null || current.setupChanges() != setupChanges || current.countChanges() != countChanges) {
            current = new Held(setupChanges, countChanges, render.page(setups.list(DEFAULT)));
            held = current;
        }
        return current.bytes();
    }
}

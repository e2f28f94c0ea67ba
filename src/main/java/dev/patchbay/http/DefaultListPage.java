package dev.patchbay.http;

import dev.patchbay.connections.ConnectionCounts;
import dev.patchbay.setup.ListQuery;
import dev.patchbay.setup.SetupService;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The bytes of the provider list's default page (no query), the list every console and client asks
 * for first. They are rendered once and kept until a provider's state or its connection counts change,
 * which both services number: a read then costs two volatile reads instead of walking the catalog and
 * copying some 60 KB. Thread-safe; two threads that find the bytes stale may both render them, the same.
 */
final class DefaultListPage {
    /**
     * The bytes with the change numbers read before they were rendered, and a copy of them outside the
     * heap: the socket writes that one as it is, where a heap buffer is first copied out of the heap by
     * every write.
     */
    private record Held(long setupChanges, long countChanges, byte[] bytes, ByteBuffer direct) {
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
        return held().bytes();
    }

    /** The page's body outside the heap, read-only, positioned at its start: one per response. */
    ByteBuffer buffer() {
        return held().direct().asReadOnlyBuffer();
    }

    private Held held() {
        // Read before rendering: a change that lands during the render moves a number past these.
        long setupChanges = setups.changes();
        long countChanges = counts.changes();
        Held current = held;
        if (current == null || current.setupChanges() != setupChanges || current.countChanges() != countChanges) {
            byte[] bytes = render.page(setups.list(DEFAULT));
            ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
            current = new Held(setupChanges, countChanges, bytes, direct);
            held = current;
        }
        return current;
    }
}

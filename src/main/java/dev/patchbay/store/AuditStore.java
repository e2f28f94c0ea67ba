package dev.patchbay.store;

import java.util.List;

/** Reads audit events (they are written by {@link SetupStore#apply}). */
public interface AuditStore {
    /**
     * Up to {@code limit} events, newest first, with ids below {@code beforeId} (null: from the newest),
     * of {@code providerSlug} and of {@code connectionId} only when they are not null.
     */
    List<AuditRow> list(String providerSlug, String connectionId, Long beforeId, int limit);
}

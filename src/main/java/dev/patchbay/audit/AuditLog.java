package dev.patchbay.audit;

import dev.patchbay.store.AuditRow;
import dev.patchbay.store.AuditStore;

import java.util.List;

/** Reads the audit trail. Thread-safe; every call reads the store (audit reads are rare). */
public final class AuditLog {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;

    private final AuditStore store;

    public AuditLog(AuditStore store) {
        this.store = store;
    }

    /**
     * Events of {@code providerSlug} (null: of all providers) and of {@code connectionId} (null: of
     * any or none) with ids below {@code beforeId} (null: newest).
     */
    public AuditPage list(String providerSlug, String connectionId, Long beforeId, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT);
        }
        // One more than asked tells whether another page exists without a count query.
        List<AuditRow> rows = store.list(providerSlug, connectionId, beforeId, limit + 1);
        boolean more = rows.size() > limit;
        List<AuditEvent> events = rows.stream().limit(limit).map(AuditLog::toEvent).toList();
        return new AuditPage(events, more ? events.get(events.size() - 1).id() : null);
    }

    private static AuditEvent toEvent(AuditRow row) {
        return new AuditEvent(row.id(), row.occurredAt(), row.action(), row.providerSlug(), row.actor(),
                row.requestId(), row.revision(), row.changedFields(), row.connectionId(),
                row.connectionsDisconnected());
    }
}

package dev.patchbay.store;

import java.time.Instant;
import java.util.List;

/** A stored audit event; {@code id} grows with every event, so it orders them. */
public record AuditRow(long id, Instant occurredAt, String action, String providerSlug, String actor,
                       String requestId, long revision, List<String> changedFields) {
    public AuditRow {
        changedFields = List.copyOf(changedFields);
    }
}

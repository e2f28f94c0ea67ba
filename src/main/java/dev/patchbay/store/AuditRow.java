package dev.patchbay.store;

import java.time.Instant;
import java.util.List;

/**
 * A stored audit event; {@code id} grows with every event, so it orders them. {@code connectionId} is
 * null unless the event is about one connection; {@code connectionsDisconnected} is null unless the
 * event is a reset, which counts the connections it disconnected.
 */
public record AuditRow(long id, Instant occurredAt, String action, String providerSlug, String actor,
                       String requestId, long revision, List<String> changedFields, String connectionId,
                       Long connectionsDisconnected) {
    public AuditRow {
        changedFields = List.copyOf(changedFields);
    }
}

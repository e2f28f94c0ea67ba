package dev.patchbay.audit;

import java.time.Instant;
import java.util.List;

/**
 * Who changed which provider or connection, when, to which revision, and the names of the fields that
 * changed. {@code connectionId} is null unless the event is about one connection (its revision is then
 * the connection's); {@code connectionsDisconnected} is null unless it is a reset.
 */
public record AuditEvent(long id, Instant occurredAt, String action, String providerSlug, String actor,
                         String requestId, long revision, List<String> changedFields, String connectionId,
                         Long connectionsDisconnected) {
    public AuditEvent {
        changedFields = List.copyOf(changedFields);
    }
}

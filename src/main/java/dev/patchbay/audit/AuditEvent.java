package dev.patchbay.audit;

import java.time.Instant;
import java.util.List;

/** Who changed which provider, when, to which revision, and the names of the fields that changed. */
public record AuditEvent(long id, Instant occurredAt, String action, String providerSlug, String actor,
                         String requestId, long revision, List<String> changedFields) {
    public AuditEvent {
        changedFields = List.copyOf(changedFields);
    }
}

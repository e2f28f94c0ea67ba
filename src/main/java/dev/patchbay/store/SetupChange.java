package dev.patchbay.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One change of a provider's setup, applied only if the stored revision still equals
 * {@code expectedRevision}. {@code config} (non-secret fields as JSON text) and {@code secrets}
 * (ciphertexts) are null for a reset. {@code verification} is the JSON text of the check the new
 * configuration passed, or null. The audit event is written in the same transaction, and so is
 * {@code event}, the webhook event (null: none).
 */
public record SetupChange(String slug, long expectedRevision, String config, Map<String, byte[]> secrets,
                          AuditEntry audit, String verification, OutboxEvent event) {
    public SetupChange {
        secrets = secrets == null ? null : Map.copyOf(secrets);
    }

    public SetupChange(String slug, long expectedRevision, String config, Map<String, byte[]> secrets,
                       AuditEntry audit, String verification) {
        this(slug, expectedRevision, config, secrets, audit, verification, null);
    }

    /** This change with its webhook event. */
    public SetupChange withEvent(OutboxEvent outboxEvent) {
        return new SetupChange(slug, expectedRevision, config, secrets, audit, verification, outboxEvent);
    }

    public boolean isReset() {
        return config == null;
    }

    /** What the audit trail records of the change: names of changed fields, never values. */
    public record AuditEntry(String action, String actor, String requestId, Instant at, List<String> changedFields) {
        public AuditEntry {
            changedFields = List.copyOf(changedFields);
        }
    }
}

package dev.patchbay.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A webhook event to insert in the transaction of the change it reports: {@code type} (say
 * {@code provider.setup}), the {@code subject} whose events are delivered in order (a provider slug or
 * a connection id), and {@code data}, the resource as the API shows it (JSON text, never a secret).
 */
public record OutboxEvent(String id, String type, String subject, Instant occurredAt, String data) {
    public OutboxEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(data, "data");
    }
}

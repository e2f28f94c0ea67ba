package dev.patchbay.webhooks;

import java.time.Instant;
import java.util.List;

/**
 * A webhook endpoint as the API shows it (never its secret). {@code previousSecretExpiresAt} is when a
 * rotated secret stops signing, or null when none still signs; {@code description} may be null.
 */
public record WebhookEndpoint(String id, String url, List<String> events, String description, Instant createdAt,
                              String createdBy, Instant previousSecretExpiresAt) {
    public WebhookEndpoint {
        events = List.copyOf(events);
    }
}

package dev.patchbay.store;

import java.util.List;
import java.util.Objects;

/**
 * A webhook endpoint as stored. {@code secret} and {@code previousSecret} are ciphertexts;
 * {@code previousSecret} (and {@code previousSecretUntil}, epoch milliseconds) are null unless a rotated
 * secret still signs. Times are epoch milliseconds.
 */
public record WebhookEndpointRow(String id, String url, List<String> events, String description, byte[] secret,
                                 byte[] previousSecret, Long previousSecretUntil, long createdAt, String createdBy) {
    public WebhookEndpointRow {
        Objects.requireNonNull(id, "id");
        events = List.copyOf(events);
    }
}

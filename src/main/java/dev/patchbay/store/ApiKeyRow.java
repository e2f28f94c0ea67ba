package dev.patchbay.store;

import java.time.Instant;

/** A stored API key: its name, scope and the hash of the key (never the key). */
public record ApiKeyRow(String name, String scope, String keyHash, Instant createdAt, Instant lastUsedAt,
                        Instant revokedAt) {
    public boolean isActive() {
        return revokedAt == null;
    }
}

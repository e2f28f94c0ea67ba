package dev.patchbay.auth;

import java.time.Instant;

/** What may be shown about a key: never the key, never its hash. */
public record ApiKeyInfo(String name, KeyScope scope, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
}

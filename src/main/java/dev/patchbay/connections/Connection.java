package dev.patchbay.connections;

import dev.patchbay.store.ConnectionRow;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A connection as clients see it: never a token or a key. {@code expiresAt}, {@code lastRefreshedAt}
 * and {@code lastError} may be null.
 */
public record Connection(UUID id, String providerSlug, String owner, Map<String, String> tags, String status,
                         String authType, List<String> scopes, Instant expiresAt, Instant lastRefreshedAt,
                         LastError lastError, Instant createdAt, Instant updatedAt, long revision) {

    /** The provider's error code of the last failed call, cut to a short token, and when it happened. */
    public record LastError(String code, Instant at) {
    }

    static Connection of(ConnectionRow row) {
        return new Connection(row.id(), row.providerSlug(), row.owner(), row.tags(), row.status(), row.authType(),
                row.scopes(), row.expiresAt(), row.lastRefreshedAt(),
                row.lastErrorCode() == null ? null : new LastError(row.lastErrorCode(), row.lastErrorAt()),
                row.createdAt(), row.updatedAt(), row.revision());
    }
}

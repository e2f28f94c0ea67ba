package dev.patchbay.store;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A stored connection. The three byte arrays are ciphertexts (null when absent or destroyed); every
 * other field is plain data that may be shown. {@code expiresAt}, {@code lastRefreshedAt},
 * {@code lastErrorCode}/{@code lastErrorAt} and {@code tokenType} may be null.
 */
public record ConnectionRow(UUID id, String providerSlug, String owner, String status, String authType,
                            Map<String, String> tags, List<String> scopes, String tokenType, Instant expiresAt,
                            Instant lastRefreshedAt, String lastErrorCode, Instant lastErrorAt, Instant createdAt,
                            Instant updatedAt, long revision, String createdBy, Map<String, String> connectionValues,
                            byte[] accessToken, byte[] refreshToken, byte[] credential) {
    public static final String ACTIVE = "active";
    public static final String NEEDS_REAUTH = "needs_reauth";
    public static final String DISCONNECTED = "disconnected";

    public ConnectionRow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        scopes = List.copyOf(scopes);
        connectionValues = Collections.unmodifiableMap(new LinkedHashMap<>(connectionValues));
    }

    /** This row as the next revision, changed by {@code at}. */
    public ConnectionRow next(Instant at) {
        return new ConnectionRow(id, providerSlug, owner, status, authType, tags, scopes, tokenType, expiresAt,
                lastRefreshedAt, lastErrorCode, lastErrorAt, createdAt, at, revision + 1, createdBy, connectionValues,
                accessToken, refreshToken, credential);
    }
}

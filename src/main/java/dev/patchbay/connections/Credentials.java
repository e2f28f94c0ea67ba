package dev.patchbay.connections;

import dev.patchbay.crypto.Secret;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A credential that works now, for the one response that hands it out. oauth2: {@code accessToken},
 * {@code tokenType}, {@code expiresAt} (null: no expiry) and {@code scopes}; api_key and basic:
 * {@code fields}, the credential's fields by name.
 */
public record Credentials(String type, Secret accessToken, String tokenType, Instant expiresAt, List<String> scopes,
                          Map<String, Secret> fields) {
    public Credentials {
        scopes = List.copyOf(scopes);
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}

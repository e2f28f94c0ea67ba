package dev.patchbay.connections;

import dev.patchbay.crypto.Secret;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a token endpoint answered, already unwrapped from the descriptor's {@code token_response_path}.
 * Never logged: its tokens are {@link Secret}s.
 *
 * @param refreshToken     null when the answer carries none (a refresh then keeps the old one, RFC 6749 §6)
 * @param expiresAt        null when the provider gives no expiry
 * @param scopes           empty when the answer names none
 * @param connectionValues the descriptor's {@code connection_values} found in the answer
 */
public record TokenSet(Secret accessToken, Secret refreshToken, String tokenType, Instant expiresAt,
                       List<String> scopes, Map<String, String> connectionValues) {
    public TokenSet {
        Objects.requireNonNull(accessToken, "accessToken");
        tokenType = tokenType == null || tokenType.isBlank() ? "Bearer" : tokenType;
        scopes = List.copyOf(scopes);
        connectionValues = Collections.unmodifiableMap(new LinkedHashMap<>(connectionValues));
    }
}

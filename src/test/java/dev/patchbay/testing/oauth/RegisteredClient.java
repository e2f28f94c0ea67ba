package dev.patchbay.testing.oauth;

import java.util.List;
import java.util.Objects;

/**
 * An OAuth client registered at the fake: its credentials and the redirect URIs it may use, which
 * the fake compares exactly (RFC 6749 §3.1.2.3, as the OAuth 2.0 Security BCP requires).
 */
public record RegisteredClient(String clientId, String clientSecret, List<String> redirectUris) {
    public RegisteredClient {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        redirectUris = List.copyOf(redirectUris);
        if (clientId.isEmpty() || redirectUris.isEmpty()) {
            throw new IllegalArgumentException("a client needs an id and at least one redirect URI");
        }
    }

    /** Without the secret, so a failing assertion does not print it. */
    @Override
    public String toString() {
        return "RegisteredClient[" + clientId + ", redirectUris=" + redirectUris + "]";
    }
}

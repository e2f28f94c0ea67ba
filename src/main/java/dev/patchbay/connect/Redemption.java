package dev.patchbay.connect;

import dev.patchbay.catalog.ProviderDescriptor;
import dev.patchbay.verify.SetupConfig;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An authorization code to exchange, with everything the exchange and the new connection need.
 * {@code code} and {@code codeVerifier} are credentials: never logged. {@code codeVerifier} is null
 * without PKCE; {@code connectionId} is null unless the flow re-authorizes that connection;
 * {@code requestedScopes} are what the connection holds when the token response names none
 * (RFC 6749 §5.1).
 */
public record Redemption(ProviderDescriptor provider, SetupConfig setup, String code, String redirectUri,
                         String codeVerifier, String owner, Map<String, String> tags, List<String> requestedScopes,
                         UUID connectionId, String actor, String requestId) {
    public Redemption {
        tags = Map.copyOf(tags);
        requestedScopes = List.copyOf(requestedScopes);
    }

    @Override
    public String toString() {
        return "Redemption[provider=" + provider.slug() + ", connectionId=" + connectionId + "]";
    }
}

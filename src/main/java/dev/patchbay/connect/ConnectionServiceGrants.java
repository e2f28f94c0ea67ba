package dev.patchbay.connect;

import dev.patchbay.connections.Actor;
import dev.patchbay.connections.Connection;
import dev.patchbay.connections.ConnectionNotFoundException;
import dev.patchbay.connections.ConnectionService;
import dev.patchbay.connections.ProviderNotConnectableException;
import dev.patchbay.connections.TokenCallException;
import dev.patchbay.connections.TokenEndpoint;
import dev.patchbay.connections.TokenSet;

import java.util.UUID;

/**
 * {@link ConnectionGrants} over the connection service: the code goes to the provider's token
 * endpoint, and its tokens become a new connection or the re-authorized one. Thread-safe.
 */
public final class ConnectionServiceGrants implements ConnectionGrants {
    private final TokenEndpoint tokens;
    private final ConnectionService connections;

    public ConnectionServiceGrants(TokenEndpoint tokens, ConnectionService connections) {
        this.tokens = tokens;
        this.connections = connections;
    }

    @Override
    public boolean isReauthorizable(UUID id, String providerSlug, String owner) {
        try {
            Connection connection = connections.get(id);
            return connection.providerSlug().equals(providerSlug) && connection.owner().equals(owner);
        } catch (ConnectionNotFoundException e) {
            return false;
        }
    }

    @Override
    public UUID redeem(Redemption redemption) throws GrantFailedException {
        TokenSet granted;
        try {
            granted = tokens.exchangeCode(redemption.provider(), redemption.setup(), redemption.code(),
                    redemption.redirectUri(), redemption.codeVerifier());
        } catch (TokenCallException e) {
            throw new GrantFailedException(e.code() == null ? e.kind().name().toLowerCase(java.util.Locale.ROOT) : e.code());
        }
        if (granted.scopes().isEmpty()) {
            // RFC 6749 §5.1: a token response without scope granted what was requested.
            granted = new TokenSet(granted.accessToken(), granted.refreshToken(), granted.tokenType(),
                    granted.expiresAt(), redemption.requestedScopes(), granted.connectionValues());
        }
        Actor actor = new Actor(redemption.actor(), redemption.requestId());
        try {
            if (redemption.connectionId() != null) {
                return connections.reauthorize(redemption.connectionId(), granted, actor).id();
            }
            return connections.create(redemption.provider().slug(), redemption.owner(), redemption.tags(), granted,
                    actor).id();
        } catch (ConnectionNotFoundException e) {
            throw new GrantFailedException("connection_gone");
        } catch (ProviderNotConnectableException e) {
            throw new GrantFailedException("setup_missing");
        }
    }
}

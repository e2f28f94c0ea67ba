package dev.patchbay.connect;

import java.util.UUID;

/**
 * What the browser flow asks of the connections: whether a connection may be re-authorized by a
 * session, and turning an authorization code into a stored connection. Implementations are
 * thread-safe.
 */
public interface ConnectionGrants {
    /** Whether connection {@code id} exists, is a connection to {@code providerSlug} and belongs to {@code owner}. */
    boolean isReauthorizable(UUID id, String providerSlug, String owner);

    /**
     * Exchanges the code at the provider's token endpoint and creates the connection (or gives the
     * one named in {@code redemption} its new tokens); returns the connection's id. Throws
     * {@link GrantFailedException} when the provider did not hand out tokens.
     */
    UUID redeem(Redemption redemption) throws GrantFailedException;
}

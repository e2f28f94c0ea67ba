package dev.patchbay.store;

import java.time.Instant;

/**
 * One connect session as stored: hashes, never the token or the state; the PKCE verifier only as a
 * ciphertext. {@code tags} and {@code scopes} are JSON text. {@code stateHash}, {@code pkceVerifier},
 * {@code redirectUri} and {@code usedAt} are null until the authorization began ({@code pkceVerifier}
 * stays null without PKCE); {@code completedAt} until the callback
 * came; {@code connectionId}, {@code returnUrl} and {@code origin} when the session named none.
 */
public record ConnectSessionRow(String tokenHash, String stateHash, String providerSlug, String owner, String tags,
                                String scopes, String connectionId, String returnUrl, String origin,
                                byte[] pkceVerifier, String redirectUri, String createdBy, String requestId, Instant createdAt,
                                Instant expiresAt, Instant usedAt, Instant completedAt) {
}

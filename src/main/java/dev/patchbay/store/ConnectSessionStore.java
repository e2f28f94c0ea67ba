package dev.patchbay.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Stores connect sessions. Each step that consumes something (the token, then the state) is one
 * conditional update, so of two concurrent attempts, across instances too, exactly one wins. Throws
 * {@link StoreUnavailableException} when the database cannot be reached. Thread-safe.
 */
public interface ConnectSessionStore {
    void insert(ConnectSessionRow row);

    /**
     * Consumes the session whose token hashes to {@code tokenHash}, when it is for {@code providerSlug},
     * unused and not expired at {@code now}: records the state's hash, the sealed verifier (null
     * without PKCE) and the redirect URI the authorization request names, and
     * returns the session as it is now. Empty, changing nothing, otherwise.
     */
    Optional<ConnectSessionRow> beginAuthorization(String tokenHash, String providerSlug, Instant now, String stateHash,
                                                   byte[] sealedVerifier, String redirectUri);

    /**
     * Consumes the state that hashes to {@code stateHash}, expired or not (the caller tells the two
     * apart), and returns its session; empty when no authorization began with it or it was consumed
     * already.
     */
    Optional<ConnectSessionRow> completeAuthorization(String stateHash, Instant now);

    /** Deletes the sessions that expired before {@code before}; returns how many. */
    int deleteExpired(Instant before);
}

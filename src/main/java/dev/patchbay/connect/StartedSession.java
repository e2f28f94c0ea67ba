package dev.patchbay.connect;

import java.time.Instant;

/**
 * A new connect session: its {@code token} (shown only in this answer, never stored) and the
 * {@code authorizeUrl} that carries it.
 */
public record StartedSession(String token, String authorizeUrl, Instant expiresAt) {
    @Override
    public String toString() {
        return "StartedSession[expiresAt=" + expiresAt + "]";
    }
}

package dev.patchbay.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The wrapping every list cursor shares: a page's last position as base64url text, so that clients
 * treat it as opaque. Each list checks what it unwraps, since a client can send anything.
 */
final class OpaqueCursor {
    private OpaqueCursor() {
    }

    static String wrap(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    /** The position in {@code cursor}, unchecked; null when {@code cursor} is not base64url at all. */
    static String unwrap(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

package dev.patchbay.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a key. A fast hash is enough here: keys are 256 random bits, so there is no dictionary
 * to search, and a slow hash would cost every request.
 */
final class KeyHash {
    private KeyHash() {
    }

    static byte[] of(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }

    static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    static byte[] parseHex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}

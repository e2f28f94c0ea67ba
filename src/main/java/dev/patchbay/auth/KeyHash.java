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
    /**
     * One digest per thread: {@code MessageDigest.getInstance} looks the algorithm up among the security
     * providers on every call, which cost more than the hash itself on every request. {@code digest}
     * resets it for the next key.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    });

    private KeyHash() {
    }

    static byte[] of(String key) {
        return SHA_256.get().digest(key.getBytes(StandardCharsets.UTF_8));
    }

    static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    static byte[] parseHex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}

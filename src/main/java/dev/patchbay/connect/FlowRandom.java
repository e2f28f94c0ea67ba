package dev.patchbay.connect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The unguessable values of a flow (session token, state, PKCE verifier) and the digests kept of
 * them. Thread-safe: {@link SecureRandom} is.
 */
final class FlowRandom {
    /** 256 bits: twice the 128 the contract asks of a token and a state. */
    private static final int BYTES = 32;

    private final SecureRandom random = new SecureRandom();

    /** 32 random bytes in base64url without padding: 43 characters, also a valid PKCE verifier (RFC 7636 §4.1). */
    String next() {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The hex SHA-256 of {@code value}, as stored in place of a token or a state. */
    static String hash(String value) {
        return HexFormat.of().formatHex(sha256(value));
    }

    /** The PKCE S256 challenge of {@code verifier} (RFC 7636 §4.2). */
    static String challenge(String verifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }
}

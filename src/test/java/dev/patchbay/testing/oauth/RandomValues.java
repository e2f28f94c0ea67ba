package dev.patchbay.testing.oauth;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable values for codes, tokens and consent requests. Thread-safe (SecureRandom is). */
final class RandomValues {
    private final SecureRandom random = new SecureRandom();

    /** {@code prefix} and 32 random bytes in base64url; the prefix says what a value is when one leaks. */
    String token(String prefix) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

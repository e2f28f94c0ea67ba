package dev.patchbay.crypto;

import java.util.Objects;

/**
 * A secret value that cannot print itself: {@link #toString()} returns the mask, and Jackson finds
 * no getter. The plaintext leaves only through {@link #revealPlaintext()}, so searching for that name
 * lists every place plaintext exists.
 */
public final class Secret {
    /** What every API response and log line shows instead of a secret. */
    public static final String MASK = "********";

    private final String plaintext;

    private Secret(String plaintext) {
        this.plaintext = Objects.requireNonNull(plaintext, "plaintext");
    }

    public static Secret of(String plaintext) {
        return new Secret(plaintext);
    }

    /** The plaintext. Call only to encrypt, to validate, or to send it to its own provider. */
    public String revealPlaintext() {
        return plaintext;
    }

    @Override
    public String toString() {
        return MASK;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret that && java.security.MessageDigest.isEqual(
                plaintext.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                that.plaintext.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 0; // a hash of the plaintext would be a fingerprint of it
    }
}

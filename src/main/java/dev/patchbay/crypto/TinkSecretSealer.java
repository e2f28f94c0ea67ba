package dev.patchbay.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * {@link SecretSealer} over a Tink AEAD keyset: seals with the primary key and opens with whichever
 * key of the keyset the ciphertext's prefix names, which is what lets the master key rotate.
 */
public final class TinkSecretSealer implements SecretSealer {
    /** Versioned so that a later change of the associated-data layout cannot open old ciphertexts by accident. */
    private static final String CONTEXT = "patchbay/v1/setup-secret";

    private final Aead aead;

    public TinkSecretSealer(KeysetHandle keyset) {
        try {
            this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the master keyset holds no usable AEAD key", e);
        }
    }

    @Override
    public byte[] seal(Secret secret, String provider, String field) {
        try {
            return aead.encrypt(secret.revealPlaintext().getBytes(StandardCharsets.UTF_8),
                    associatedData(provider, field));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    @Override
    public Secret open(byte[] ciphertext, String provider, String field) {
        try {
            byte[] plaintext = aead.decrypt(ciphertext, associatedData(provider, field));
            return Secret.of(new String(plaintext, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new DecryptionFailedException();
        }
    }

    private static byte[] associatedData(String provider, String field) {
        // Slugs and schema property names cannot contain NUL, so the encoding is unambiguous.
        return (CONTEXT + '\0' + provider + '\0' + field).getBytes(StandardCharsets.UTF_8);
    }
}

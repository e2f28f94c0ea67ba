package dev.patchbay.crypto;

/**
 * Encrypts and decrypts secrets, binding each ciphertext to where it belongs (a provider and a
 * field): a ciphertext copied to another provider or field fails to open. Thread-safe.
 */
public interface SecretSealer {
    byte[] seal(Secret secret, String provider, String field);

    /** The secret; throws {@link DecryptionFailedException} when the ciphertext does not open here. */
    Secret open(byte[] ciphertext, String provider, String field);
}

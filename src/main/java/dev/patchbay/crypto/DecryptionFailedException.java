package dev.patchbay.crypto;

/** A ciphertext did not open: wrong key, wrong place or tampered. Says nothing more, on purpose. */
public final class DecryptionFailedException extends RuntimeException {
    public DecryptionFailedException() {
        super("decryption failed");
    }
}

package dev.patchbay.auth;

/** A key command was refused (bad name, name taken, unknown scope); the message says which rule. */
public final class InvalidKeyRequestException extends RuntimeException {
    public InvalidKeyRequestException(String message) {
        super(message);
    }
}

package dev.patchbay.connections;

/** An {@code Idempotency-Key} was used before with another request body. */
public final class IdempotencyMismatchException extends RuntimeException {
    public IdempotencyMismatchException() {
        super("the idempotency key was used with another body", null, false, false);
    }
}

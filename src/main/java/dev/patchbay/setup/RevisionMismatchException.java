package dev.patchbay.setup;

/** The client's {@code If-Match} revision is not the current one; nothing was changed. */
public final class RevisionMismatchException extends RuntimeException {
    private final long current;

    public RevisionMismatchException(long current) {
        // An answer to the client (4xx), not a fault: a stack trace would cost more than the answer.
        super("the provider's revision is " + current, null, false, false);
        this.current = current;
    }

    public long current() {
        return current;
    }
}

package dev.patchbay.setup;

/** The client's {@code If-Match} revision is not the current one; nothing was changed. */
public final class RevisionMismatchException extends RuntimeException {
    private final long current;

    public RevisionMismatchException(long current) {
        super("the provider's revision is " + current);
        this.current = current;
    }

    public long current() {
        return current;
    }
}

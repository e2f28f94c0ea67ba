package dev.patchbay.setup;

/** A change kept losing races to other changes of the same provider; the client may retry. */
public final class ConcurrentChangeException extends RuntimeException {
    public ConcurrentChangeException() {
        super("the provider kept changing concurrently");
    }
}

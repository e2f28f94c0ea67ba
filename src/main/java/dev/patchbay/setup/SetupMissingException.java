package dev.patchbay.setup;

/** A partial update was asked of a provider that is not set up: there is nothing to patch. */
public final class SetupMissingException extends RuntimeException {
    public SetupMissingException() {
        // An answer to the client (4xx), not a fault: a stack trace would cost more than the answer.
        super("the provider is not set up", null, false, false);
    }
}

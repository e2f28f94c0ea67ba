package dev.patchbay.setup;

/** A partial update was asked of a provider that is not set up: there is nothing to patch. */
public final class SetupMissingException extends RuntimeException {
    public SetupMissingException() {
        super("the provider is not set up");
    }
}

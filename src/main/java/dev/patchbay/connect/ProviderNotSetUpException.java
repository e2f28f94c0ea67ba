package dev.patchbay.connect;

/** A connect session was asked for a provider that is not set up; nothing was stored. */
public final class ProviderNotSetUpException extends RuntimeException {
    ProviderNotSetUpException() {
        super("provider not set up", null, false, false);
    }
}

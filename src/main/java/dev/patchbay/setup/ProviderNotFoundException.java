package dev.patchbay.setup;

/** No provider has this slug (or the slug is malformed). */
public final class ProviderNotFoundException extends RuntimeException {
    public ProviderNotFoundException() {
        // An answer to the client (4xx), not a fault: a stack trace would cost more than the answer.
        super("no connector provider has this slug", null, false, false);
    }
}

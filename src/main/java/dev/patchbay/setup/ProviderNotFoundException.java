package dev.patchbay.setup;

/** No provider has this slug (or the slug is malformed). */
public final class ProviderNotFoundException extends RuntimeException {
    public ProviderNotFoundException() {
        super("no connector provider has this slug");
    }
}

package dev.patchbay.connections;

/** The connection's provider is not set up, so no connection can be made or refreshed through it. */
public final class ProviderNotConnectableException extends RuntimeException {
    public ProviderNotConnectableException() {
        super("the provider is not set up", null, false, false);
    }
}

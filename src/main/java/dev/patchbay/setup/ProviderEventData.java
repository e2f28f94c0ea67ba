package dev.patchbay.setup;

/**
 * Renders the provider resource a webhook event carries, as the API shows it (secrets masked), as
 * JSON text. Called before the change it describes is submitted, on the caller's thread.
 */
@FunctionalInterface
public interface ProviderEventData {
    /** Writes no events: for tools that change setups outside a running service. */
    ProviderEventData NONE = view -> null;

    /** The JSON text of {@code view}; null when no event is to be written. */
    String render(ProviderView view);
}

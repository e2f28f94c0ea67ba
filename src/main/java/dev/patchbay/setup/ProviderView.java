package dev.patchbay.setup;

import dev.patchbay.catalog.ProviderDescriptor;

/**
 * A provider with its current setup state: what GET returns. {@code setup} is null when the provider
 * is not set up; {@code revision} counts every change of its setup and is 0 before the first.
 * Immutable: a change produces a new view.
 */
public record ProviderView(ProviderDescriptor descriptor, SetupView setup, long revision) {
    public boolean setupComplete() {
        return setup != null;
    }

    public String slug() {
        return descriptor.slug();
    }
}

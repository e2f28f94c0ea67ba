package dev.patchbay.wiring;

import dev.patchbay.setup.ProviderEventData;
import dev.patchbay.setup.ProviderView;

/**
 * The provider renderer of webhook events, bound once the HTTP side that owns the provider resource's
 * shape (and its callback URL) exists. A setup change before that has no event to write and is refused:
 * every committed change must carry its event. Thread-safe.
 */
final class LateProviderEventData implements ProviderEventData {
    private volatile ProviderEventData renderer;

    void use(ProviderEventData bound) {
        this.renderer = bound;
    }

    @Override
    public String render(ProviderView view) {
        ProviderEventData bound = renderer;
        if (bound == null) {
            throw new IllegalStateException("setups change only once the service has started");
        }
        return bound.render(view);
    }
}

package dev.patchbay.setup;

import java.util.List;

/** One page of a listing: its providers, how many match in all, and the slug to continue after (or null). */
public record ProviderPage(List<ProviderView> providers, int total, String nextAfterSlug) {
    public ProviderPage {
        providers = List.copyOf(providers);
    }
}

package dev.patchbay.setup;

import java.util.List;

/** The result of a change: the provider as it is now and the names (never values) of the fields that changed. */
public record SetupOutcome(ProviderView provider, List<String> changedFields) {
    public SetupOutcome {
        changedFields = List.copyOf(changedFields);
    }
}

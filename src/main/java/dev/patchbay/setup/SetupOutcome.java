package dev.patchbay.setup;

import java.util.List;

/**
 * The result of a change: the provider as it is now, the names (never values) of the fields that
 * changed, and whether anything was stored (false for a dry run or a reset of nothing).
 */
public record SetupOutcome(ProviderView provider, List<String> changedFields, boolean stored) {
    public SetupOutcome {
        changedFields = List.copyOf(changedFields);
    }
}

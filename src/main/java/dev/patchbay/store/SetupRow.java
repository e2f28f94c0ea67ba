package dev.patchbay.store;

import java.time.Instant;
import java.util.Map;

/**
 * The stored state of one provider's setup. {@code config} (the non-secret fields as a JSON object
 * text) and {@code secrets} (field name to ciphertext) are null while the provider is not set up;
 * {@code revision} survives resets, so it never goes back. {@code lastVerification} is the JSON text
 * of the last check of this revision's setup, or null.
 */
public record SetupRow(
        String slug,
        long revision,
        String config,
        Map<String, byte[]> secrets,
        Instant configuredAt,
        Instant updatedAt,
        String updatedBy,
        String lastVerification) {

    public SetupRow {
        secrets = secrets == null ? null : Map.copyOf(secrets);
    }

    public boolean isSetUp() {
        return config != null;
    }
}

package dev.patchbay.setup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchbay.verify.VerificationResult;

import java.time.Instant;
import java.util.List;

/**
 * A stored setup as clients may see it: {@code config} has every secret replaced by the mask.
 * {@code lastVerification} is the last check of this revision's setup, or null before the first.
 * Immutable by convention: nobody modifies {@code config} after construction.
 */
public record SetupView(ObjectNode config, List<String> secretFields, long revision, Instant configuredAt,
                        Instant updatedAt, String updatedBy, VerificationResult lastVerification) {
    public SetupView {
        secretFields = List.copyOf(secretFields);
    }
}

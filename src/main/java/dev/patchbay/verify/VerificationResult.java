package dev.patchbay.verify;

import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of one check of a setup against its external service. Immutable. {@code reason} is
 * null exactly when {@code ok}; {@code detail} is built from status codes, host names and short error
 * codes with every secret of the setup scrubbed out, so it is safe to show, log and store.
 */
public record VerificationResult(boolean ok, Reason reason, String detail, Instant checkedAt) {
    public VerificationResult {
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(checkedAt, "checkedAt");
        if (ok != (reason == null)) {
            throw new IllegalArgumentException("a result has a reason exactly when it is not ok");
        }
    }
}

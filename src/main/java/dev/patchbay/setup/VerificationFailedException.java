package dev.patchbay.setup;

import dev.patchbay.verify.VerificationResult;

/**
 * A configuration sent with {@code verify=true} was not accepted by the external service, so nothing
 * was stored; {@link #result()} says why, and its detail holds no secret.
 */
public final class VerificationFailedException extends RuntimeException {
    private final VerificationResult result;

    public VerificationFailedException(VerificationResult result) {
        super("the external service did not accept the configuration");
        this.result = result;
    }

    public VerificationResult result() {
        return result;
    }
}

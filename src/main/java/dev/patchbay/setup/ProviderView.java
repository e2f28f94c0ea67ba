package dev.patchbay.setup;

import dev.patchbay.catalog.ProviderDescriptor;
import dev.patchbay.verify.VerificationResult;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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

    /**
     * A version of everything in the body that can change without the revision, or null when nothing
     * does: the last verification today. Another such part (counts, say) joins the hashed text, so the
     * entity tag changes whenever the body does. Instances that read the same store agree on it.
     */
    public String contentVersion() {
        VerificationResult last = setup == null ? null : setup.lastVerification();
        if (last == null) {
            return null;
        }
        String parts = "verification\n" + last.ok() + "\n" + (last.reason() == null ? "" : last.reason().wire())
                + "\n" + last.checkedAt() + "\n" + last.detail();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(parts.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

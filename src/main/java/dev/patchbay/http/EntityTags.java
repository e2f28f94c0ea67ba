package dev.patchbay.http;

import dev.patchbay.setup.ProviderView;
import dev.patchbay.store.ConnectionStore.Counts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The strong entity tag of a provider, the same from the Javalin routes and from
 * {@link ProviderReadShortcut}: {@code "<revision>"} while nothing but the setup shapes the body,
 * {@code "<revision>-<content version>"} once something else does (a verification, connection counts),
 * so that a tag changes whenever the body does. Stateless.
 */
final class EntityTags {
    private EntityTags() {
    }

    /** {@code counts}: the provider's connection counts as the body shows them, null when not shown. */
    static String of(ProviderView view, Counts counts) {
        String verification = view.contentVersion();
        boolean countsShown = counts != null && !counts.equals(Counts.NONE);
        if (verification == null && !countsShown) {
            return "\"" + view.revision() + "\"";
        }
        if (!countsShown) {
            return "\"" + view.revision() + "-" + verification + "\"";
        }
        String parts = verification + "\nconnections\n" + counts.active() + "\n" + counts.needsReauth();
        return "\"" + view.revision() + "-" + shortHash(parts) + "\"";
    }

    private static String shortHash(String parts) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(parts.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

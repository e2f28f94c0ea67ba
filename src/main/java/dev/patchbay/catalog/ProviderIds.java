package dev.patchbay.catalog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Derives a provider's id from its slug (RFC 4122 name-based UUID, version 5), so the same slug has
 * the same id on every instance, store and restart without anything to store or coordinate.
 */
public final class ProviderIds {
    /** Fixed namespace of Patchbay provider ids; changing it would change every id clients hold. */
    static final UUID NAMESPACE = UUID.fromString("88569a81-5150-5de5-b579-76e194ad84ae");

    private ProviderIds() {
    }

    public static UUID forSlug(String slug) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-1", e);
        }
        sha1.update(ByteBuffer.allocate(16)
                .putLong(NAMESPACE.getMostSignificantBits())
                .putLong(NAMESPACE.getLeastSignificantBits())
                .array());
        byte[] hash = sha1.digest(slug.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}

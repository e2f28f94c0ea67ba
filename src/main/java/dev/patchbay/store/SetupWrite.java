package dev.patchbay.store;

import java.time.Instant;
import java.util.Map;

/** A whole new setup to store for {@code slug}: non-secret fields as JSON text, secrets as ciphertext. */
public record SetupWrite(String slug, String config, Map<String, byte[]> secrets, String actor, Instant at) {
    public SetupWrite {
        secrets = Map.copyOf(secrets);
    }
}

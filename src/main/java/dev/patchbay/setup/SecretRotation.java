package dev.patchbay.setup;

import dev.patchbay.crypto.SecretSealer;
import dev.patchbay.store.SetupRow;
import dev.patchbay.store.SetupStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Re-encrypts every stored secret with the sealer's current primary key, in one transaction, so
 * after it no ciphertext depends on an older key. Revisions do not change: the setups are the same.
 */
public final class SecretRotation {
    private final SetupStore store;
    private final SecretSealer sealer;

    public SecretRotation(SetupStore store, SecretSealer sealer) {
        this.store = store;
        this.sealer = sealer;
    }

    /** Returns how many secrets were re-encrypted; fails if setups keep changing meanwhile. */
    public int reencryptAll() {
        for (int attempt = 0; attempt < 5; attempt++) {
            List<SetupRow> rewritten = new ArrayList<>();
            int secrets = 0;
            for (SetupRow row : store.all()) {
                if (!row.isSetUp() || row.secrets().isEmpty()) {
                    continue;
                }
                Map<String, byte[]> resealed = new TreeMap<>();
                for (Map.Entry<String, byte[]> field : row.secrets().entrySet()) {
                    resealed.put(field.getKey(), sealer.seal(
                            sealer.open(field.getValue(), row.slug(), field.getKey()), row.slug(), field.getKey()));
                    secrets++;
                }
                rewritten.add(new SetupRow(row.slug(), row.revision(), row.config(), resealed, row.configuredAt(),
                        row.updatedAt(), row.updatedBy(), row.lastVerification()));
            }
            if (store.replaceSecrets(rewritten)) {
                return secrets;
            }
        }
        throw new ConcurrentChangeException();
    }
}

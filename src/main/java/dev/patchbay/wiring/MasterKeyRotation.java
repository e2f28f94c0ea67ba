package dev.patchbay.wiring;

import dev.patchbay.connections.ConnectionService;
import dev.patchbay.crypto.MasterKeys;
import dev.patchbay.setup.SecretRotation;
import dev.patchbay.store.InstanceLock;
import dev.patchbay.store.Store;
import dev.patchbay.webhooks.WebhookEndpoints;

/**
 * {@code master-key rotate}: with the service stopped, adds a new primary key, re-encrypts every
 * stored secret under it in one transaction, and retires the old key. The data directory lock proves
 * no service runs on this data directory; on PostgreSQL the store's instance lock proves none runs
 * on the database from anywhere else either.
 */
public final class MasterKeyRotation {
    /** What a rotation did: how many secrets it re-encrypted, and how many keys the keyset now holds. */
    public record Result(int secrets, int keys) {
    }

    private MasterKeyRotation() {
    }

    public static Result rotate(Settings settings) {
        if (!MasterKeys.isFileBased(settings.masterKey())) {
            throw new IllegalStateException("the master key comes from PATCHBAY_MASTER_KEY, which rotation cannot "
                    + "rewrite; see the README section on master-key rotation");
        }
        try (DataDirLock lock = DataDirLock.exclusive(settings.dataDir());
             Store store = Patchbay.openStore(settings);
             InstanceLock instances = store.lockOutInstances()) {
            int[] secrets = new int[1];
            int keys = MasterKeys.rotateKeyFile(settings.dataDir(), sealer -> {
                secrets[0] = new SecretRotation(store.setups(), sealer).reencryptAll();
                // Connections' tokens too, in batches: the old key is retired only after all are re-sealed.
                secrets[0] += ConnectionService.resealAll(store.connections(), sealer);
                secrets[0] += WebhookEndpoints.resealAll(store.webhooks(), sealer);
            });
            return new Result(secrets[0], keys);
        }
    }
}

package dev.patchbay.wiring;

import dev.patchbay.connect.ConnectionGrants;
import dev.patchbay.connect.GrantFailedException;
import dev.patchbay.connect.Redemption;

import java.util.UUID;

/**
 * The connect flow's grants while this build has no connection service: no connection can be
 * re-authorized, and every code exchange fails, so a flow ends with {@code exchange_failed} and
 * stores nothing.
 */
final class PendingConnectionGrants implements ConnectionGrants {
    @Override
    public boolean isReauthorizable(UUID id, String providerSlug, String owner) {
        return false;
    }

    @Override
    public UUID redeem(Redemption redemption) throws GrantFailedException {
        throw new GrantFailedException("connections_unavailable");
    }
}

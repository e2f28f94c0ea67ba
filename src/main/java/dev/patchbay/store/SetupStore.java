package dev.patchbay.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stores provider setups. Each write is one short transaction that bumps the provider's revision.
 * Every method throws {@link StoreUnavailableException} when the database cannot be reached.
 */
public interface SetupStore {
    /** Every stored row, set up or reset; a provider never written has no row (revision 0). */
    List<SetupRow> all();

    Optional<SetupRow> find(String slug);

    /** Replaces the whole setup and returns the row as stored, with its new revision. */
    SetupRow put(SetupWrite write);

    /**
     * Removes the setup, destroying its ciphertexts, and returns the row as stored; when there is no
     * setup, nothing changes and the current row (if any) is returned.
     */
    Optional<SetupRow> reset(String slug, String actor, Instant at);
}

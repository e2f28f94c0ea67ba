package dev.patchbay.store;

import java.util.List;
import java.util.Optional;

/**
 * Stores provider setups. Each change is one short transaction that checks the revision, bumps it
 * and appends the audit event. Every method throws {@link StoreUnavailableException} when the
 * database cannot be reached.
 */
public interface SetupStore {
    /** Every stored row, set up or reset; a provider never written has no row (revision 0). */
    List<SetupRow> all();

    Optional<SetupRow> find(String slug);

    /**
     * Applies {@code change} and returns the row as stored, with revision {@code expectedRevision + 1};
     * empty, with nothing written, when the stored revision is not {@code expectedRevision}.
     */
    Optional<SetupRow> apply(SetupChange change);

    /**
     * Replaces the ciphertexts of {@code rows} without changing their revisions (master-key rotation),
     * all in one transaction. Returns false, changing nothing, if any row's stored revision is no longer
     * the one given.
     */
    boolean replaceSecrets(List<SetupRow> rows);
}

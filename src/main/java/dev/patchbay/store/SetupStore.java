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
    default Optional<SetupRow> apply(SetupChange change) {
        return submit(change).await();
    }

    /**
     * Hands {@code change} to the store and answers before it is committed where the store commits
     * changes in groups (SQLite), or after (PostgreSQL); {@link PendingChange#await()} gives what
     * {@link #apply} would. Changes submitted one after the other are applied in that order.
     */
    PendingChange submit(SetupChange change);

    /**
     * Whether {@link #submit} only queues the change for a thread of the store's own to commit, and so
     * returns at once; a caller that must not wait may submit only then.
     */
    default boolean queuesChanges() {
        return false;
    }

    /**
     * Stores {@code verification} (JSON text) as the last verification of the setup at {@code revision},
     * without changing the revision, and appends {@code audit} with that revision, in one transaction.
     * Returns the row as stored; empty, with nothing written, when the provider is no longer set up at
     * that revision (a result must never attach to a newer setup than the one checked).
     */
    Optional<SetupRow> recordVerification(String slug, long revision, String verification, SetupChange.AuditEntry audit);

    /**
     * Replaces the ciphertexts of {@code rows} without changing their revisions (master-key rotation),
     * all in one transaction. Returns false, changing nothing, if any row's stored revision is no longer
     * the one given.
     */
    boolean replaceSecrets(List<SetupRow> rows);
}

package dev.patchbay.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Stores connections, their tags, and the first answers of idempotent imports. Each write is one
 * transaction with its audit event. Every method throws {@link StoreUnavailableException} when the
 * database cannot be reached.
 */
public interface ConnectionStore {
    /** Active and needs_reauth connections of one provider. */
    record Counts(long active, long needsReauth) {
        public static final Counts NONE = new Counts(0, 0);
    }

    /** What {@link #create} did: stored {@code row}, or found {@code replay} stored under the same key first. */
    record Created(ConnectionRow row, IdempotencyRow replay) {
    }

    /** Why a create was refused: the provider is not set up (any more). */
    final class ProviderNotSetUpException extends RuntimeException {
        public ProviderNotSetUpException() {
            super("the provider is not set up", null, false, false);
        }
    }

    /**
     * Inserts {@code row}, its tags, its audit event and, when {@code idempotency} is not null, the
     * answer to remember under its key, all in one transaction, provided the provider is set up (the
     * check holds the setup row against a concurrent reset). When the key is taken already, nothing is
     * written and the stored answer is returned instead.
     */
    Created create(ConnectionRow row, AuditEntry audit, IdempotencyRow idempotency);

    Optional<IdempotencyRow> idempotency(String keyHash);

    Optional<ConnectionRow> find(UUID id);

    /**
     * What handing out a connection's credential needs of its stored row, and no more (ciphertexts only).
     * {@code tokenType}, {@code expiresAt} and both ciphertexts may be null.
     */
    record CredentialRow(UUID id, String providerSlug, String status, String tokenType, java.time.Instant expiresAt,
                         List<String> scopes, byte[] accessToken, byte[] credential) {
        public CredentialRow {
            scopes = List.copyOf(scopes);
        }
    }

    /**
     * The credential columns of the connection as stored now, read with one plain statement: for the
     * frequent credentials read, which must see the stored row each time (another instance may have
     * disconnected it) and so cannot be cached.
     */
    Optional<CredentialRow> findCredential(UUID id);

    /** How many calls the store serves at once (its connection pool's size); more wait for a connection. */
    int concurrentCalls();

    /** One page of {@code query}, plus one more row when there is a next page. */
    List<ConnectionRow> list(ConnectionQuery query);

    /**
     * Stores {@code row} (whose revision must be the stored one plus one) with {@code audit} (null: no
     * event), if the stored revision is still {@code row.revision() - 1}. Empty when it is not.
     */
    Optional<ConnectionRow> update(ConnectionRow row, AuditEntry audit);

    /**
     * Reads the connection and hands it to {@code work}, then stores what it returns (its
     * {@link Decision#write()}, if any) in the same transaction. On PostgreSQL the row is locked
     * ({@code SELECT … FOR UPDATE}) from the read to the commit, so across instances one {@code work}
     * runs at a time per connection and each sees what the one before it committed. SQLite serves a
     * single instance: the read takes no lock, and the write is conditional on the revision read.
     */
    <T> Decision<T> underRowLock(UUID id, Function<Optional<ConnectionRow>, Decision<T>> work);

    /** Whether {@link #underRowLock} holds a lock across instances (PostgreSQL) rather than none (SQLite). */
    boolean locksRows();

    /** What {@link #underRowLock} work decided: a row to write (or null), its audit event, and a result. */
    record Decision<T>(ConnectionRow write, AuditEntry audit, T result, boolean written) {
        public static <T> Decision<T> keep(T result) {
            return new Decision<>(null, null, result, false);
        }

        public static <T> Decision<T> write(ConnectionRow row, AuditEntry audit, T result) {
            return new Decision<>(row, audit, result, false);
        }

        Decision<T> asWritten(boolean written) {
            return new Decision<>(write, audit, result, written);
        }
    }

    /** Active and needs_reauth connections per provider slug (slugs without any are left out). */
    Map<String, Counts> counts();

    Counts counts(String providerSlug);

    /** Up to {@code limit} connections holding any ciphertext, in id order after {@code afterId} (null: first). */
    List<ConnectionRow> sealed(UUID afterId, int limit);

    /**
     * Replaces the ciphertexts of {@code rows} without changing their revisions (master-key rotation),
     * in one transaction; a row whose revision moved meanwhile is left out. Returns how many were written.
     */
    int replaceSealed(List<ConnectionRow> rows);

    /** What the audit trail records of a connection change: names of changed fields, never values. */
    record AuditEntry(String action, String actor, String requestId, java.time.Instant at, List<String> changedFields) {
        public AuditEntry {
            changedFields = List.copyOf(changedFields);
        }
    }
}

package dev.patchbay.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link SetupStore} in SQL that SQLite and PostgreSQL both accept, but for the row lock. */
final class JdbiSetupStore implements SetupStore {
    private static final String COLUMNS = "slug, revision, config, secrets, configured_at, updated_at, updated_by, last_verification";
    private static final RowMapper<SetupRow> ROW = (rs, ctx) -> new SetupRow(
            rs.getString("slug"),
            rs.getLong("revision"),
            rs.getString("config"),
            SecretColumn.decode(rs.getString("secrets")),
            instant(rs.getString("configured_at")),
            instant(rs.getString("updated_at")),
            rs.getString("updated_by"),
            rs.getString("last_verification"));

    private final Jdbi jdbi;
    private final Dialect dialect;
    /** SQLite only: PostgreSQL takes concurrent transactions and groups commits itself. */
    private final GroupCommitWriter writer;

    JdbiSetupStore(Jdbi jdbi, Dialect dialect) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.writer = dialect == Dialect.SQLITE ? new GroupCommitWriter(jdbi) : null;
    }

    @Override
    public List<SetupRow> all() {
        return StoreCalls.guarded(() -> jdbi.withHandle(h ->
                h.createQuery("SELECT " + COLUMNS + " FROM provider_setups ORDER BY slug").map(ROW).list()));
    }

    @Override
    public Optional<SetupRow> find(String slug) {
        return StoreCalls.guarded(() -> jdbi.withHandle(h -> h.createQuery(
                        "SELECT " + COLUMNS + " FROM provider_setups WHERE slug = :slug")
                .bind("slug", slug).map(ROW).findOne()));
    }

    @Override
    public PendingChange submit(SetupChange change) {
        if (writer != null) {
            return writer.submit(change);
        }
        return PendingChange.done(StoreCalls.guarded(() -> jdbi.inTransaction(h -> apply(h, change, dialect))));
    }

    @Override
    public boolean queuesChanges() {
        return writer != null;
    }

    void close() {
        if (writer != null) {
            writer.close();
        }
    }

    /**
     * One change inside the caller's transaction: written only if the stored revision is the expected
     * one (one conditional statement, whose row lock also serializes writers on PostgreSQL), then its
     * audit event appended. The row is built from the change and what the database decided (revision,
     * first configuration time), not read back.
     */
    static Optional<SetupRow> apply(Handle h, SetupChange change, Dialect dialect) {
        Optional<SetupRow> row = (change.expectedRevision() == 0 ? insert(h, change) : update(h, change))
                .map(written -> written.row(change));
        row.ifPresent(written -> {
            appendAudit(h, change.slug(), change.audit(), written.revision());
            notifyChange(h, dialect, change.slug(), written.revision());
        });
        return row;
    }

    /** What the database decided for a written change. */
    private record Written(long revision, Instant configuredAt) {
        static final RowMapper<Written> MAPPER = (rs, ctx) ->
                new Written(rs.getLong("revision"), instant(rs.getString("configured_at")));

        SetupRow row(SetupChange change) {
            SetupChange.AuditEntry audit = change.audit();
            return new SetupRow(change.slug(), revision, change.config(), change.secrets(), configuredAt,
                    audit.at(), audit.actor(), change.verification());
        }
    }

    @Override
    public Optional<SetupRow> recordVerification(String slug, long revision, String verification,
                                                 SetupChange.AuditEntry audit) {
        return StoreCalls.guarded(() -> jdbi.inTransaction(h -> {
            Optional<Long> stored = h.createQuery("SELECT revision FROM provider_setups WHERE slug = :slug"
                            + " AND config IS NOT NULL" + dialect.lockRow)
                    .bind("slug", slug).mapTo(Long.class).findOne();
            if (stored.isEmpty() || stored.get() != revision) {
                return Optional.<SetupRow>empty();
            }
            SetupRow row = h.createQuery("UPDATE provider_setups SET last_verification = :verification"
                            + " WHERE slug = :slug RETURNING " + COLUMNS)
                    .bind("slug", slug)
                    .bind("verification", verification)
                    .map(ROW)
                    .one();
            appendAudit(h, slug, audit, revision);
            // The revision does not move, so the payload says "re-read whatever you hold".
            notifyChange(h, dialect, slug, ChangeFeed.REREAD);
            return Optional.of(row);
        }));
    }

    private static void notifyChange(Handle h, Dialect dialect, String slug, long revision) {
        if (dialect == Dialect.POSTGRESQL) {
            // Delivered at commit, so other instances never hear of a change they cannot read yet.
            h.createQuery("SELECT pg_notify('" + PgChangeFeed.CHANNEL + "', :payload)")
                    .bind("payload", slug + ":" + revision).mapTo(String.class).findOne();
        }
    }

    /** Changes the row if it still has the expected revision; empty when another change came first. */
    private static Optional<Written> update(Handle h, SetupChange change) {
        SetupChange.AuditEntry audit = change.audit();
        String assignments = change.isReset()
                ? "config = NULL, secrets = NULL, configured_at = NULL"
                : "config = :config, secrets = :secrets, configured_at = COALESCE(configured_at, :at)";
        // A new revision starts without a verification unless the change brings the one it passed.
        assignments += ", last_verification = :verification";
        Query update = h.createQuery("UPDATE provider_setups SET revision = revision + 1, " + assignments
                        + ", updated_at = :at, updated_by = :actor WHERE slug = :slug AND revision = :expected"
                        + " RETURNING revision, configured_at")
                .bind("slug", change.slug())
                .bind("expected", change.expectedRevision())
                .bind("at", audit.at().toString())
                .bind("actor", audit.actor())
                .bind("verification", change.verification());
        if (!change.isReset()) {
            update.bind("config", change.config()).bind("secrets", SecretColumn.encode(change.secrets()));
        }
        return update.map(Written.MAPPER).findOne();
    }

    /** No row was there: a concurrent first write may win the insert, and then this one changes nothing. */
    private static Optional<Written> insert(Handle h, SetupChange change) {
        if (change.isReset()) {
            return Optional.empty();
        }
        SetupChange.AuditEntry audit = change.audit();
        return h.createQuery("""
                        INSERT INTO provider_setups (slug, revision, config, secrets, configured_at, updated_at, updated_by,
                                                     last_verification)
                        VALUES (:slug, 1, :config, :secrets, :at, :at, :actor, :verification)
                        ON CONFLICT (slug) DO NOTHING
                        RETURNING revision, configured_at""")
                .bind("slug", change.slug())
                .bind("config", change.config())
                .bind("secrets", SecretColumn.encode(change.secrets()))
                .bind("at", audit.at().toString())
                .bind("actor", audit.actor())
                .bind("verification", change.verification())
                .map(Written.MAPPER)
                .findOne();
    }

    private static void appendAudit(Handle h, String slug, SetupChange.AuditEntry audit, long revision) {
        h.createUpdate("""
                        INSERT INTO audit_events (occurred_at, action, provider_slug, actor, request_id, revision, changed_fields)
                        VALUES (:at, :action, :slug, :actor, :requestId, :revision, :fields)""")
                .bind("at", audit.at().toString())
                .bind("action", audit.action())
                .bind("slug", slug)
                .bind("actor", audit.actor())
                .bind("requestId", audit.requestId())
                .bind("revision", revision)
                .bind("fields", TextList.encode(audit.changedFields()))
                .execute();
    }

    @Override
    public boolean replaceSecrets(List<SetupRow> rows) {
        return StoreCalls.guarded(() -> jdbi.inTransaction(h -> {
            for (SetupRow row : rows) {
                int updated = h.createUpdate(
                                "UPDATE provider_setups SET secrets = :secrets WHERE slug = :slug AND revision = :revision")
                        .bind("slug", row.slug())
                        .bind("revision", row.revision())
                        .bind("secrets", SecretColumn.encode(row.secrets()))
                        .execute();
                if (updated != 1) {
                    h.rollback();
                    return false;
                }
            }
            return true;
        }));
    }

    static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}

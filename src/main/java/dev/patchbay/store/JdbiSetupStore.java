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
    private static final String COLUMNS = "slug, revision, config, secrets, configured_at, updated_at, updated_by";
    private static final RowMapper<SetupRow> ROW = (rs, ctx) -> new SetupRow(
            rs.getString("slug"),
            rs.getLong("revision"),
            rs.getString("config"),
            SecretColumn.decode(rs.getString("secrets")),
            instant(rs.getString("configured_at")),
            instant(rs.getString("updated_at")),
            rs.getString("updated_by"));

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
    public Optional<SetupRow> apply(SetupChange change) {
        if (writer != null) {
            return writer.apply(change);
        }
        return StoreCalls.guarded(() -> jdbi.inTransaction(h -> apply(h, change, dialect)));
    }

    void close() {
        if (writer != null) {
            writer.close();
        }
    }

    /** One change inside the caller's transaction: check the revision, write, append the audit event. */
    static Optional<SetupRow> apply(Handle h, SetupChange change, Dialect dialect) {
        Optional<Long> stored = h.createQuery("SELECT revision FROM provider_setups WHERE slug = :slug" + dialect.lockRow)
                .bind("slug", change.slug()).mapTo(Long.class).findOne();
        if (stored.orElse(0L) != change.expectedRevision()) {
            return Optional.empty();
        }
        Optional<SetupRow> row = stored.isPresent() ? Optional.of(update(h, change)) : insert(h, change);
        row.ifPresent(written -> {
            appendAudit(h, change, written.revision());
            if (dialect == Dialect.POSTGRESQL) {
                // Delivered at commit, so other instances never hear of a change they cannot read yet.
                h.createQuery("SELECT pg_notify('" + PgChangeFeed.CHANNEL + "', :payload)")
                        .bind("payload", change.slug() + ":" + written.revision()).mapTo(String.class).findOne();
            }
        });
        return row;
    }

    /** The row is locked (or, on SQLite, the database is): a plain update is safe. */
    private static SetupRow update(Handle h, SetupChange change) {
        SetupChange.AuditEntry audit = change.audit();
        String assignments = change.isReset()
                ? "config = NULL, secrets = NULL, configured_at = NULL"
                : "config = :config, secrets = :secrets, configured_at = COALESCE(configured_at, :at)";
        Query update = h.createQuery("UPDATE provider_setups SET revision = revision + 1, " + assignments
                        + ", updated_at = :at, updated_by = :actor WHERE slug = :slug RETURNING " + COLUMNS)
                .bind("slug", change.slug())
                .bind("at", audit.at().toString())
                .bind("actor", audit.actor());
        if (!change.isReset()) {
            update.bind("config", change.config()).bind("secrets", SecretColumn.encode(change.secrets()));
        }
        return update.map(ROW).one();
    }

    /** No row yet: a concurrent first write may win the insert, and then this one changes nothing. */
    private static Optional<SetupRow> insert(Handle h, SetupChange change) {
        if (change.isReset()) {
            return Optional.empty();
        }
        SetupChange.AuditEntry audit = change.audit();
        return h.createQuery("""
                        INSERT INTO provider_setups (slug, revision, config, secrets, configured_at, updated_at, updated_by)
                        VALUES (:slug, 1, :config, :secrets, :at, :at, :actor)
                        ON CONFLICT (slug) DO NOTHING
                        RETURNING""" + " " + COLUMNS)
                .bind("slug", change.slug())
                .bind("config", change.config())
                .bind("secrets", SecretColumn.encode(change.secrets()))
                .bind("at", audit.at().toString())
                .bind("actor", audit.actor())
                .map(ROW)
                .findOne();
    }

    private static void appendAudit(Handle h, SetupChange change, long revision) {
        SetupChange.AuditEntry audit = change.audit();
        h.createUpdate("""
                        INSERT INTO audit_events (occurred_at, action, provider_slug, actor, request_id, revision, changed_fields)
                        VALUES (:at, :action, :slug, :actor, :requestId, :revision, :fields)""")
                .bind("at", audit.at().toString())
                .bind("action", audit.action())
                .bind("slug", change.slug())
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

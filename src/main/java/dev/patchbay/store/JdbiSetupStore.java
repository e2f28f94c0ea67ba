package dev.patchbay.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

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
        return PendingChange.done(StoreCalls.guarded(() -> jdbi.inTransaction(h -> {
            try (ChangeStatements statements = new ChangeStatements(h, dialect)) {
                return statements.apply(change);
            }
        })));
    }

    @Override
    public boolean queuesChanges() {
        return writer != null;
    }

    /** False when SQLite's writer thread no longer takes changes, so that readiness says so. */
    boolean isWriting() {
        return writer == null || writer.isAlive();
    }

    void close() {
        if (writer != null) {
            writer.close();
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
            try (ChangeStatements statements = new ChangeStatements(h, dialect)) {
                statements.appendAudit(slug, audit, revision);
                // The revision does not move, so the payload says "re-read whatever you hold".
                statements.notifyChange(slug, ChangeFeed.REREAD);
            }
            return Optional.of(row);
        }));
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
        return text == null ? null : IsoInstants.parse(text);
    }
}

package dev.patchbay.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Applies setup changes inside one transaction, each statement prepared once and reused for every
 * change after it: the SQLite writer applies a whole group of changes per transaction, and SQLite
 * compiles a statement's SQL each time it is prepared. Plain JDBC on the transaction's connection, so
 * nothing is mapped or bound by reflection on the one thread every write waits for. Not thread-safe;
 * close it before the transaction ends.
 */
final class ChangeStatements implements AutoCloseable {
    private static final String UPDATE = "UPDATE provider_setups SET revision = revision + 1, config = ?, secrets = ?,"
            + " configured_at = COALESCE(configured_at, ?), last_verification = ?, updated_at = ?, updated_by = ?"
            + " WHERE slug = ? AND revision = ? RETURNING revision, configured_at";
    private static final String RESET = "UPDATE provider_setups SET revision = revision + 1, config = NULL,"
            + " secrets = NULL, configured_at = NULL, last_verification = ?, updated_at = ?, updated_by = ?"
            + " WHERE slug = ? AND revision = ? RETURNING revision, configured_at";
    /** No row was there: a concurrent first write may win the insert, and then this one writes nothing. */
    private static final String INSERT = """
            INSERT INTO provider_setups (slug, revision, config, secrets, configured_at, updated_at, updated_by,
                                         last_verification)
            VALUES (?, 1, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (slug) DO NOTHING
            RETURNING revision, configured_at""";
    private static final String AUDIT = """
            INSERT INTO audit_events (occurred_at, action, provider_slug, actor, request_id, revision, changed_fields,
                                      connections_disconnected)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""";
    /** A reset disconnects the provider's connections in its own transaction: their tokens are destroyed. */
    private static final String DISCONNECT = "UPDATE connections SET status = 'disconnected', access_token = NULL,"
            + " refresh_token = NULL, credential = NULL, updated_at = ?, revision = revision + 1"
            + " WHERE provider_slug = ? AND status <> 'disconnected'";
    /** PostgreSQL only; delivered at commit, so other instances never hear of a change they cannot read yet. */
    private static final String NOTIFY = "SELECT pg_notify('" + PgChangeFeed.CHANNEL + "', ?)";

    private final Connection connection;
    private final Dialect dialect;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    ChangeStatements(Handle transaction, Dialect dialect) {
        this.connection = transaction.getConnection();
        this.dialect = dialect;
    }

    /**
     * Writes {@code change} if the stored revision is the expected one (one conditional statement,
     * whose row lock also serializes writers on PostgreSQL), then appends its audit event. The row is
     * built from the change and what the database decided (revision, first configuration time), not
     * read back. Empty, with nothing written, when another change came first.
     */
    Optional<SetupRow> apply(SetupChange change) {
        boolean first = change.expectedRevision() == 0;
        if (first && change.isReset()) {
            return Optional.empty();
        }
        Optional<SetupRow> row = unchecked(() -> first ? insert(change) : update(change));
        row.ifPresent(written -> {
            Long disconnected = change.isReset() ? disconnectConnections(change) : null;
            appendAudit(change.slug(), change.audit(), written.revision(), disconnected);
            if (change.event() != null) {
                unchecked(() -> {
                    Outbox.insert(statement(Outbox.INSERT), change.event());
                    return null;
                });
            }
            notifyChange(change.slug(), written.revision());
        });
        return row;
    }

    /** Appends the audit event of a change of {@code slug} that left it at {@code revision}. */
    void appendAudit(String slug, SetupChange.AuditEntry audit, long revision) {
        appendAudit(slug, audit, revision, null);
    }

    /** How many connections of the reset provider it disconnected. */
    private long disconnectConnections(SetupChange change) {
        return unchecked(() -> {
            // Each connection's event first, while the rows still tell which ones this reset disconnects.
            Outbox.insertDisconnected(connection, dialect, change.slug(), change.audit().at());
            PreparedStatement statement = statement(DISCONNECT);
            statement.setString(1, change.audit().at().toString());
            statement.setString(2, change.slug());
            return (long) statement.executeUpdate();
        });
    }

    private void appendAudit(String slug, SetupChange.AuditEntry audit, long revision, Long disconnected) {
        unchecked(() -> {
            PreparedStatement statement = statement(AUDIT);
            statement.setString(1, audit.at().toString());
            statement.setString(2, audit.action());
            statement.setString(3, slug);
            statement.setString(4, audit.actor());
            statement.setString(5, audit.requestId());
            statement.setLong(6, revision);
            statement.setString(7, TextList.encode(audit.changedFields()));
            if (disconnected == null) {
                statement.setNull(8, java.sql.Types.BIGINT);
            } else {
                statement.setLong(8, disconnected);
            }
            return statement.executeUpdate();
        });
    }

    /** Tells other instances, at commit, that {@code slug} changed ({@link ChangeFeed}); PostgreSQL only. */
    void notifyChange(String slug, long revision) {
        if (dialect != Dialect.POSTGRESQL) {
            return;
        }
        unchecked(() -> {
            PreparedStatement statement = statement(NOTIFY);
            statement.setString(1, slug + ":" + revision);
            try (ResultSet notified = statement.executeQuery()) {
                return notified.next();
            }
        });
    }

    private interface SqlCall<T> {
        T run() throws SQLException;
    }

    private static <T> T unchecked(SqlCall<T> call) {
        try {
            return call.run();
        } catch (SQLException e) {
            // As Jdbi reports a failed statement, for StoreCalls; without the statement's context, whose
            // bound values would include ciphertexts.
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    private Optional<SetupRow> insert(SetupChange change) throws SQLException {
        SetupChange.AuditEntry audit = change.audit();
        PreparedStatement statement = statement(INSERT);
        statement.setString(1, change.slug());
        statement.setString(2, change.config());
        statement.setString(3, SecretColumn.encode(change.secrets()));
        statement.setString(4, audit.at().toString());
        statement.setString(5, audit.at().toString());
        statement.setString(6, audit.actor());
        statement.setString(7, change.verification());
        return written(statement, change);
    }

    private Optional<SetupRow> update(SetupChange change) throws SQLException {
        SetupChange.AuditEntry audit = change.audit();
        PreparedStatement statement = statement(change.isReset() ? RESET : UPDATE);
        int i = 1;
        if (!change.isReset()) {
            statement.setString(i++, change.config());
            statement.setString(i++, SecretColumn.encode(change.secrets()));
            statement.setString(i++, audit.at().toString());
        }
        statement.setString(i++, change.verification());
        statement.setString(i++, audit.at().toString());
        statement.setString(i++, audit.actor());
        statement.setString(i++, change.slug());
        statement.setLong(i, change.expectedRevision());
        return written(statement, change);
    }

    /** The row {@code change} stored, with the revision and first configuration time the database decided. */
    private static Optional<SetupRow> written(PreparedStatement statement, SetupChange change) throws SQLException {
        try (ResultSet written = statement.executeQuery()) {
            if (!written.next()) {
                return Optional.empty();
            }
            SetupChange.AuditEntry audit = change.audit();
            return Optional.of(new SetupRow(change.slug(), written.getLong(1), change.config(), change.secrets(),
                    JdbiSetupStore.instant(written.getString(2)), audit.at(), audit.actor(), change.verification()));
        }
    }

    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement statement = prepared.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            prepared.put(sql, statement);
        }
        return statement;
    }

    @Override
    public void close() {
        for (PreparedStatement statement : prepared.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                // Closing the connection closes it anyway.
            }
        }
        prepared.clear();
    }
}

package dev.patchbay.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ConnectionStore#findCredential}: one prepared statement on a pooled connection, reading the
 * seven columns a credentials read needs, without JDBI. Through JDBI (a handle, a statement context, a
 * mapper by column name) and with the whole row (its tags and values parsed as JSON), the read was two
 * thirds of the time a fresh credentials read took in a profile.
 *
 * <p>Each of the pool's connections keeps its statement prepared: the SQLite driver compiles the SQL
 * again for every statement it prepares (PostgreSQL's caches it per connection itself). The statement
 * is made on the driver's connection under the pool's, which the pool neither tracks nor closes on
 * return, and is only used while that connection is borrowed, so by one thread at a time. Closing the
 * result set ends the statement's read: the next one sees what is committed by then. Thread-safe.
 */
final class JdbcCredentialRead {
    private static final String SQL = "SELECT provider_slug, status, token_type, expires_at, scopes, access_token,"
            + " credential FROM connections WHERE id = ?";

    private final DataSource pool;
    private final int poolSize;
    /** By driver connection; entries of connections the pool has closed are dropped as new ones come. */
    private final Map<Connection, PreparedStatement> prepared = new ConcurrentHashMap<>();

    JdbcCredentialRead(DataSource pool, int poolSize) {
        this.pool = pool;
        this.poolSize = poolSize;
    }

    Optional<ConnectionStore.CredentialRow> find(UUID id) {
        try (Connection borrowed = pool.getConnection()) {
            Connection driver = borrowed.unwrap(Connection.class);
            PreparedStatement statement = prepared.get(driver);
            boolean kept = statement != null;
            if (!kept) {
                prepared.keySet().removeIf(JdbcCredentialRead::closed);
                statement = driver.prepareStatement(SQL);
                kept = prepared.size() < 2 * poolSize && prepared.putIfAbsent(driver, statement) == null;
            }
            try {
                return read(statement, id);
            } catch (SQLException | RuntimeException e) {
                // Prepared afresh next time, in case the failure left the statement unusable.
                prepared.remove(driver, statement);
                kept = false;
                throw e;
            } finally {
                if (!kept) {
                    statement.close();
                }
            }
        } catch (SQLException e) {
            throw StoreCalls.failure(e);
        }
    }

    private static Optional<ConnectionStore.CredentialRow> read(PreparedStatement statement, UUID id)
            throws SQLException {
        statement.setString(1, id.toString());
        try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            String expiresAt = rs.getString(4);
            return Optional.of(new ConnectionStore.CredentialRow(id, rs.getString(1), rs.getString(2),
                    rs.getString(3), expiresAt == null ? null : IsoInstants.parse(expiresAt),
                    TextList.decode(rs.getString(5)), rs.getBytes(6), rs.getBytes(7)));
        }
    }

    private static boolean closed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}

package dev.patchbay.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Keeps {@code master-key rotate} and running instances apart on one PostgreSQL database. Each
 * running instance holds a session-level advisory lock shared, on its change feed's connection;
 * rotation takes it exclusive, waiting at most {@link #ROTATION_WAIT}, and refuses when instances hold
 * it. Session-level, so it ends with its connection: a process that dies holds nothing. Its key is
 * Patchbay's tag and the OID of the schema's {@code provider_setups} table, unique in the database, so
 * Patchbays on other schemas of the same database never block each other.
 *
 * <p>Refusing, rather than a rotation that running instances follow: each instance reads its keyset
 * from its own key file or from {@code PATCHBAY_MASTER_KEY}, which a rotation on one machine cannot
 * update, so an instance left running would go on sealing with the retired key.
 *
 * <p>Not thread-safe; close it once. On SQLite the data directory lock does this job and this one
 * holds nothing.
 */
public final class InstanceLock implements AutoCloseable {
    /** "PBAY" in the high half sets Patchbay's locks apart from other applications' advisory locks. */
    static final String KEY = "(x'50424159'::bigint << 32) | 'provider_setups'::regclass::oid::bigint";
    /**
     * Long enough for the lock of an instance that just stopped to go (its session ends a moment after
     * its connection closes), short enough that a refusal does not look like a hang.
     */
    static final String ROTATION_WAIT = "2s";
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final Connection connection;

    private InstanceLock(Connection connection) {
        this.connection = connection;
    }

    /** The lock of a database only one instance uses (SQLite): holds nothing. */
    static InstanceLock none() {
        return new InstanceLock(null);
    }

    /** Takes the shared lock on {@code connection} for as long as it lives; false while a rotation holds it. */
    static boolean holdShared(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             var result = statement.executeQuery("SELECT pg_try_advisory_lock_shared(" + KEY + ")")) {
            result.next();
            return result.getBoolean(1);
        }
    }

    /**
     * The exclusive lock, on a connection of its own; throws {@link IllegalStateException} naming the
     * running instances when they hold it.
     */
    static InstanceLock exclusive(String jdbcUrl, Properties connectionProperties) {
        Properties properties = new Properties();
        properties.putAll(connectionProperties);
        properties.setProperty("ApplicationName", "patchbay-master-key-rotation");
        properties.setProperty("options", "-c lock_timeout=" + ROTATION_WAIT);
        Connection connection = null;
        try {
            connection = DriverManager.getConnection(jdbcUrl, properties);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_lock(" + KEY + ")");
            }
            return new InstanceLock(connection);
        } catch (SQLException e) {
            closeQuietly(connection);
            if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                throw new IllegalStateException("Patchbay instances are running on this database; stop every "
                        + "instance before rotating the master key");
            }
            throw new StoreUnavailableException(e);
        }
    }

    /** Releases the lock (its session ends with the connection). */
    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // the session is gone either way, and the lock with it
        }
    }
}

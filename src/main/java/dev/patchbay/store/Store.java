package dev.patchbay.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jdbi.v3.core.Jdbi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The database: a connection pool, migrated on open, and the stores over it. Thread-safe; close it
 * once at shutdown.
 */
public final class Store implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final JdbiSetupStore setups;
    private final ApiKeyStore apiKeys;
    private final AuditStore audit;
    private final ConnectSessionStore connectSessions;
    private final ConnectionStore connections;
    private final WebhookStore webhooks;
    private final ChangeFeed changes;
    private final java.util.function.Supplier<InstanceLock> instanceLock;

    private Store(HikariDataSource dataSource, Dialect dialect, ChangeFeed changes,
                  java.util.function.Supplier<InstanceLock> instanceLock) {
        this.dataSource = dataSource;
        this.changes = changes;
        this.instanceLock = instanceLock;
        Jdbi jdbi = Jdbi.create(dataSource);
        this.setups = new JdbiSetupStore(jdbi, dialect);
        this.apiKeys = new JdbiApiKeyStore(jdbi);
        this.audit = new JdbiAuditStore(jdbi);
        this.connectSessions = new JdbiConnectSessionStore(jdbi);
        this.connections = new JdbiConnectionStore(jdbi, dialect, dataSource, dataSource.getMaximumPoolSize());
        this.webhooks = new JdbiWebhookStore(jdbi, dialect);
    }

    /**
     * Does the one-time work of the store's first statements ahead of them, on the calling thread, each
     * a few hundredths of a second that start-up would otherwise spend waiting for it: Jdbi registers
     * its Java Flight Recorder event before its first statement (JFR's own start-up), Hikari builds a
     * reflective proxy when a connection is first closed, and the pool's first connection seeds the
     * SecureRandom behind {@link java.util.UUID}. Start-up runs this beside the pool opening.
     */
    public static void prepare() {
        initialize("org.jdbi.v3.core.statement.internal.JfrSupport");
        initialize("com.zaxxer.hikari.pool.ProxyConnection$ClosedConnection");
        java.util.UUID.randomUUID();
    }

    private static void initialize(String className) {
        try {
            Class.forName(className, true, Store.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " has gone from this version of the library", e);
        }
    }

    /** The SQLite database file {@code patchbay.db} in {@code dataDir}, created on first use. */
    public static Store openSqlite(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create the data directory " + dataDir, e);
        }
        Path file = dataDir.resolve("patchbay.db").toAbsolutePath();
        createOwnerOnly(file);
        SqliteNativeLibrary.useCopyIn(dataDir);
        return open("jdbc:sqlite:" + file);
    }

    /** The database holds ciphertexts and key hashes: only its owner may read it (SQLite gives -wal and -shm the same mode). */
    private static void createOwnerOnly(Path file) {
        if (Files.exists(file)) {
            return;
        }
        try {
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the platform's defaults apply
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create the database file " + file, e);
        }
    }

    /** Opens and migrates the database at {@code jdbcUrl} (a {@code jdbc:sqlite:} or {@code jdbc:postgresql:} URL). */
    public static Store open(String jdbcUrl) {
        Dialect dialect = Dialect.of(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("patchbay-store");
        // Fail fast instead of queueing requests behind a database that does not answer.
        config.setConnectionTimeout(3_000);
        config.setValidationTimeout(1_000);
        if (dialect == Dialect.SQLITE) {
            // Reads are served from memory, so a few connections cover the writes and start-up loads.
            config.setMaximumPoolSize(4);
            config.addDataSourceProperty("journal_mode", "WAL");
            // FULL: a commit is on disk before the client hears 200, even across a power loss.
            config.addDataSourceProperty("synchronous", "FULL");
            config.addDataSourceProperty("busy_timeout", "5000");
            // Take the write lock when the transaction starts, so two writers queue instead of failing.
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        } else {
            config.setMaximumPoolSize(8);
            // A cut connection must fail a query within seconds, not hang it: the client gets a 503.
            POSTGRES_TIMEOUTS.forEach(config::addDataSourceProperty);
            config.addDataSourceProperty("ApplicationName", "patchbay");
            // Checks each idle connection this often: one that went silent is dropped before a request
            // borrows it, and the check keeps its state alive in NATs and load balancers that forget
            // idle flows (after 350 s an AWS NAT gateway, after 4 min by default Azure's load balancer).
            config.setKeepaliveTime(60_000);
        }
        // Start even when the database is down for a moment; the first call reports it.
        config.setInitializationFailTimeout(-1);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Migrations.apply(dataSource, dialect);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        if (dialect == Dialect.SQLITE) {
            return new Store(dataSource, dialect, ChangeFeed.NONE, InstanceLock::none);
        }
        // The feed's and the rotation lock's own connections: the same timeouts as the pool's (the feed
        // shortens its socket timeout). Waiting for notifications sets a socket timeout of its own, so a
        // quiet feed connection is not cut.
        java.util.Properties properties = new java.util.Properties();
        POSTGRES_TIMEOUTS.forEach(properties::setProperty);
        // The pool's idle connections share the feed's path to the database: when the feed finds it
        // broken, each of them would otherwise cost a validation timeout when next borrowed, one after
        // another, in front of requests and of the feed's resync.
        ChangeFeed changes = new PgChangeFeed(jdbcUrl, properties,
                () -> dataSource.getHikariPoolMXBean().softEvictConnections());
        return new Store(dataSource, dialect, changes, () -> InstanceLock.exclusive(jdbcUrl, properties));
    }

    public SetupStore setups() {
        return setups;
    }

    /**
     * Seconds, as the PostgreSQL driver takes them. The socket timeout ends a query on a connection
     * gone silent (a NAT or firewall that forgot it, no FIN, no RST) instead of hanging its request;
     * keepalive lets the operating system find such connections while they idle.
     */
    private static final java.util.Map<String, String> POSTGRES_TIMEOUTS = java.util.Map.of(
            "connectTimeout", "3", "loginTimeout", "3", "socketTimeout", "5", "tcpKeepAlive", "true");

    /** Setup changes committed by other instances on the same database. */
    public ChangeFeed changes() {
        return changes;
    }

    /**
     * Locks every instance out of this database while the caller holds the lock (for master-key
     * rotation); throws {@link IllegalStateException} when instances are running. On SQLite it holds
     * nothing: the data directory lock does this job there.
     */
    public InstanceLock lockOutInstances() {
        return instanceLock.get();
    }

    public ConnectionStore connections() {
        return connections;
    }

    public WebhookStore webhooks() {
        return webhooks;
    }

    public AuditStore audit() {
        return audit;
    }

    public ApiKeyStore apiKeys() {
        return apiKeys;
    }

    public ConnectSessionStore connectSessions() {
        return connectSessions;
    }

    /** Whether the database answers a trivial query within a second, and writes can reach it. */
    public boolean isReachable() {
        if (!setups.isWriting()) {
            return false;
        }
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        changes.close();
        setups.close();
        dataSource.close();
    }
}

package dev.patchbay.store;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL {@code LISTEN/NOTIFY} on one dedicated connection (outside the pool), on one daemon
 * thread. Every committed setup change sends {@code NOTIFY patchbay_setups, '<slug>:<revision>'} in
 * its own transaction, so notifications arrive after the change is visible.
 *
 * <p>Each connection, the first included, resyncs once it listens: changes committed before (since
 * the instance loaded its state, or while it was disconnected) sent notifications nobody heard. Only
 * then does the feed count as connected. A heartbeat query notices a connection gone silent (a NAT
 * or firewall that forgot it sends neither FIN nor RST); the feed then reconnects and resyncs. The
 * connection also holds the {@link InstanceLock} shared, which keeps master-key rotation away.
 */
final class PgChangeFeed implements ChangeFeed {
    static final String CHANNEL = "patchbay_setups";
    private static final Logger log = LoggerFactory.getLogger(PgChangeFeed.class);
    /** Poll interval; also how long close() may wait for the thread. */
    private static final int POLL_MILLIS = 250;
    private static final long MAX_BACKOFF_MILLIS = 2_000;
    /**
     * A silent connection is noticed within this plus {@link #SOCKET_TIMEOUT_SECONDS}: 7 s at most.
     * Also keeps the connection's state alive in NATs and firewalls that forget idle flows.
     */
    private static final long HEARTBEAT_MILLIS = 3_000;
    /** Cancels a heartbeat the server received but does not answer (a stuck backend). */
    private static final int HEARTBEAT_TIMEOUT_SECONDS = 3;
    /**
     * Ends a heartbeat on a silent connection, where the cancel of the query timeout changes nothing:
     * the answer would never arrive. The feed's own queries are trivial, so this can be short.
     */
    private static final int SOCKET_TIMEOUT_SECONDS = 4;

    private final String jdbcUrl;
    private final Properties properties;
    private final Runnable onConnectionLost;
    private final CountDownLatch firstConnection = new CountDownLatch(1);
    private volatile boolean running;
    private volatile boolean connected;
    private volatile boolean rotationRunning;
    private Thread thread;

    /** {@code onConnectionLost}: runs when an established connection fails, before reconnecting. */
    PgChangeFeed(String jdbcUrl, Properties connectionProperties, Runnable onConnectionLost) {
        this.jdbcUrl = jdbcUrl;
        this.onConnectionLost = onConnectionLost;
        this.properties = new Properties();
        properties.putAll(connectionProperties);
        properties.setProperty("ApplicationName", "patchbay-change-feed");
        properties.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
    }

    /**
     * {@inheritDoc} Throws {@link IllegalStateException} when a master-key rotation holds the database:
     * this instance's state may predate it.
     */
    @Override
    public synchronized void start(Change onChange, Runnable onResync) {
        running = true;
        thread = new Thread(() -> run(onChange, onResync), "patchbay-change-feed");
        thread.setDaemon(true);
        thread.start();
        // Serve only once changes from other instances can arrive; readiness depends on it.
        try {
            firstConnection.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (rotationRunning && !connected) {
            close();
            throw new IllegalStateException("a master-key rotation is running on this database; start Patchbay "
                    + "once it has finished");
        }
    }

    private void run(Change onChange, Runnable onResync) {
        long backoff = 100;
        while (running) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl, properties)) {
                listen(connection);
                onResync.run(); // throws while the store is unreachable: this connection is dropped and retried
                if (firstConnection.getCount() == 0) {
                    log.info("change feed reconnected and resynced: reloaded every setup");
                }
                connected = true;
                firstConnection.countDown();
                backoff = 100;
                follow(connection, onChange, onResync);
            } catch (SQLException | RuntimeException e) {
                if (running && connected) {
                    log.warn("change feed lost its connection, reconnecting: {}", e.getClass().getSimpleName());
                    onConnectionLost.run();
                }
            } finally {
                connected = false;
            }
            sleep(backoff);
            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
    }

    /** Starts listening and takes the instance lock; throws while a master-key rotation holds it. */
    private void listen(Connection connection) throws SQLException {
        try (Statement listen = connection.createStatement()) {
            listen.execute("LISTEN " + CHANNEL);
        }
        rotationRunning = !InstanceLock.holdShared(connection);
        if (rotationRunning) {
            log.warn("a master-key rotation holds the database; the change feed waits for it to finish");
            firstConnection.countDown();
            throw new IllegalStateException("a master-key rotation holds the database");
        }
    }

    /** Delivers notifications until the connection fails or the feed closes. */
    private void follow(Connection connection, Change onChange, Runnable onResync) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        boolean resync = false;
        long nextHeartbeat = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MILLIS);
        while (running) {
            if (resync) {
                onResync.run(); // throws while the store is unreachable: reconnecting resyncs anyway
                resync = false;
                log.info("change feed resynced: reloaded every setup");
            }
            PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
            if (notifications != null) {
                for (PGNotification notification : notifications) {
                    resync |= !deliver(onChange, notification.getParameter());
                }
            }
            if (System.nanoTime() - nextHeartbeat >= 0) {
                heartbeat(connection);
                nextHeartbeat = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MILLIS);
            }
        }
    }

    /**
     * Waiting for notifications reads nothing from a silent connection and so cannot tell it from a
     * quiet one; a query must be answered. The socket timeout ends it if the cancel cannot reach the server.
     */
    private static void heartbeat(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(HEARTBEAT_TIMEOUT_SECONDS);
            statement.execute("SELECT 1");
        }
    }

    /** Hands one change to the listener; false when it could not be applied (a resync will cover it). */
    private static boolean deliver(Change onChange, String payload) {
        int colon = payload.lastIndexOf(':');
        try {
            onChange.changed(payload.substring(0, colon), Long.parseLong(payload.substring(colon + 1)));
            return true;
        } catch (RuntimeException e) {
            log.debug("could not apply a change of {}: {}", payload, e.getClass().getSimpleName());
            return false;
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2 * POLL_MILLIS + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

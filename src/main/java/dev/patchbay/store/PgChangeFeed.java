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

/**
 * PostgreSQL {@code LISTEN/NOTIFY} on one dedicated connection (outside the pool), on one daemon
 * thread. Every committed setup change sends {@code NOTIFY patchbay_setups, '<slug>:<revision>'} in
 * its own transaction, so notifications arrive after the change is visible. When the connection is
 * lost, or a change cannot be applied, the feed asks for a full resync (after reconnecting), since
 * notifications sent meanwhile are gone.
 */
final class PgChangeFeed implements ChangeFeed {
    static final String CHANNEL = "patchbay_setups";
    private static final Logger log = LoggerFactory.getLogger(PgChangeFeed.class);
    /** Poll interval; also how long close() may wait for the thread. */
    private static final int POLL_MILLIS = 250;
    private static final long MAX_BACKOFF_MILLIS = 2_000;

    private final String jdbcUrl;
    private final Properties properties;
    private volatile boolean running;
    private volatile boolean connected;
    private final java.util.concurrent.CountDownLatch firstConnection = new java.util.concurrent.CountDownLatch(1);
    private Thread thread;

    PgChangeFeed(String jdbcUrl, Properties properties) {
        this.jdbcUrl = jdbcUrl;
        this.properties = properties;
    }

    @Override
    public synchronized void start(Change onChange, Runnable onResync) {
        running = true;
        thread = new Thread(() -> run(onChange, onResync), "patchbay-change-feed");
        thread.setDaemon(true);
        thread.start();
        // Serve only once changes from other instances can arrive; readiness depends on it.
        try {
            firstConnection.await(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(Change onChange, Runnable onResync) {
        long backoff = 100;
        boolean resync = false;
        while (running) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl, properties)) {
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
                connected = true;
                firstConnection.countDown();
                backoff = 100;
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    if (resync) {
                        onResync.run(); // throws while the store is unreachable: resync stays pending
                        resync = false;
                        log.info("change feed resynced: reloaded every setup");
                    }
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            resync |= !deliver(onChange, notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    if (connected) {
                        log.warn("change feed lost its connection: {}", e.getClass().getSimpleName());
                    }
                    resync = true;
                }
            } finally {
                connected = false;
            }
            sleep(backoff);
            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
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

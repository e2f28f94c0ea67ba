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
import java.util.function.Consumer;

/**
 * PostgreSQL {@code LISTEN/NOTIFY} on one dedicated connection (outside the pool), on one daemon
 * thread. Every committed setup change sends {@code NOTIFY patchbay_setups, '<slug>'} in its own
 * transaction, so notifications arrive after the change is visible. When the connection is lost,
 * the feed reconnects with back-off and then asks for a full resync, since notifications sent
 * meanwhile are gone.
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
    private Thread thread;

    PgChangeFeed(String jdbcUrl, Properties properties) {
        this.jdbcUrl = jdbcUrl;
        this.properties = properties;
    }

    @Override
    public synchronized void start(Consumer<String> onChange, Runnable onResync) {
        running = true;
        thread = new Thread(() -> run(onChange, onResync), "patchbay-change-feed");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Consumer<String> onChange, Runnable onResync) {
        long backoff = 100;
        boolean resync = false;
        while (running) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl, properties)) {
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
                connected = true;
                backoff = 100;
                if (resync) {
                    onResync.run();
                    log.info("change feed reconnected; reloaded every setup");
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            onChange.accept(notification.getParameter());
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

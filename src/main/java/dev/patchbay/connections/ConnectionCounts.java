package dev.patchbay.connections;

import dev.patchbay.store.ConnectionRow;
import dev.patchbay.store.ConnectionStore;
import dev.patchbay.store.ConnectionStore.Counts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Active and needs_reauth connections per provider, held in memory for the provider resource (connections
 * themselves never are). Loaded once off the start-up path, then kept by this instance's own changes and,
 * on PostgreSQL, recounted per provider when the change feed says another instance changed some.
 * Thread-safe.
 */
public final class ConnectionCounts {
    private static final Logger log = LoggerFactory.getLogger(ConnectionCounts.class);
    /** How long a read waits for the first load before it shows the counts as unknown. */
    private static final long FIRST_LOAD_WAIT_MS = 2_000;

    private final ConnectionStore store;
    private final Executor background;
    private final Map<String, Counts> counts = new ConcurrentHashMap<>();
    /** Providers changed while the first load ran: the load's snapshot may have missed them. */
    private final Set<String> changedWhileLoading = ConcurrentHashMap.newKeySet();
    private final CountDownLatch loaded = new CountDownLatch(1);
    /** Providers with a recount queued: a burst of changes (this instance hears its own too) costs one. */
    private final Set<String> recountQueued = ConcurrentHashMap.newKeySet();
    /** Counts changes, after each is held: a reader that saw the same count saw no change since. */
    private final AtomicLong changes = new AtomicLong();

    public ConnectionCounts(ConnectionStore store, Executor background) {
        this.store = store;
        this.background = background;
    }

    /** Starts the first load on the background executor; with a million connections it takes a while. */
    public void loadInBackground() {
        background.execute(this::load);
    }

    private void load() {
        try {
            counts.putAll(store.counts());
            loaded.countDown();
            changes.incrementAndGet();
            for (String slug : changedWhileLoading) {
                recountNow(slug);
            }
            changedWhileLoading.clear();
        } catch (RuntimeException e) {
            log.warn("could not load connection counts: {}; retrying", e.getClass().getSimpleName());
            background.execute(() -> {
                sleepQuietly();
                load();
            });
        }
    }

    /** The counts of {@code slug}; null while they are not known yet (just after start). */
    public Counts of(String slug) {
        try {
            if (!loaded.await(FIRST_LOAD_WAIT_MS, TimeUnit.MILLISECONDS)) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        return counts.getOrDefault(slug, Counts.NONE);
    }

    /** A connection of {@code slug} went from status {@code from} (null: new) to {@code to}. */
    void moved(String slug, String from, String to) {
        if (loaded.getCount() > 0) {
            changedWhileLoading.add(slug);
        }
        counts.compute(slug, (s, held) -> {
            Counts c = held == null ? Counts.NONE : held;
            long active = c.active() + delta(ConnectionRow.ACTIVE, from, to);
            long needsReauth = c.needsReauth() + delta(ConnectionRow.NEEDS_REAUTH, from, to);
            return new Counts(Math.max(0, active), Math.max(0, needsReauth));
        });
        changes.incrementAndGet();
    }

    private static long delta(String status, String from, String to) {
        return (status.equals(to) ? 1 : 0) - (status.equals(from) ? 1 : 0);
    }

    /** The provider was reset: its reset disconnected every one of its connections in the same transaction. */
    public void providerReset(String slug) {
        counts.put(slug, Counts.NONE);
        changes.incrementAndGet();
    }

    /**
     * A number that grows after every change to the counts (the first load included): bytes rendered
     * from them keep the number they saw, and are current while it has not moved.
     */
    public long changes() {
        return changes.get();
    }

    /** Another instance changed connections of {@code slug}: count them again, off the caller's thread. */
    public void recount(String slug) {
        if (loaded.getCount() > 0) {
            changedWhileLoading.add(slug);
            return;
        }
        if (!recountQueued.add(slug)) {
            return;
        }
        background.execute(() -> {
            recountQueued.remove(slug);
            try {
                recountNow(slug);
            } catch (RuntimeException e) {
                log.warn("could not recount connections of {}: {}", slug, e.getClass().getSimpleName());
            }
        });
    }

    /** Counts every provider again (after a lost change feed). */
    public void reloadInBackground() {
        background.execute(() -> {
            try {
                Map<String, Counts> fresh = store.counts();
                counts.keySet().retainAll(fresh.keySet());
                counts.putAll(fresh);
                changes.incrementAndGet();
            } catch (RuntimeException e) {
                log.warn("could not reload connection counts: {}", e.getClass().getSimpleName());
            }
        });
    }

    private void recountNow(String slug) {
        counts.put(slug, store.counts(slug));
        changes.incrementAndGet();
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.patchbay.setup;

import dev.patchbay.store.PendingChange;
import dev.patchbay.store.SetupChange;
import dev.patchbay.store.SetupRow;
import dev.patchbay.store.SetupStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A setup store in memory that holds every submitted change until the test commits or fails it, in
 * the order submitted, with the same revision check as the real stores: so a test decides when, and
 * whether, each change commits. It also tells how many threads wait on a change's outcome, so that a
 * test can know a writer has reached its wait before asserting what it did not do meanwhile.
 */
final class HeldStore implements SetupStore {
    /** How long {@link #await} waits for its condition. */
    private static final long WAIT_SECONDS = 10;

    record Held(SetupChange change, Outcome outcome) {
        /** How many threads wait on this change's outcome now. */
        int waiters() {
            return outcome.waiters.get();
        }
    }

    /** An outcome that counts the threads blocked on it, and wakes {@link #await} as one arrives. */
    final class Outcome extends CompletableFuture<Optional<SetupRow>> {
        private final AtomicInteger waiters = new AtomicInteger();

        @Override
        public Optional<SetupRow> get(long timeout, TimeUnit unit)
                throws InterruptedException, ExecutionException, TimeoutException {
            waiters.incrementAndGet();
            changed();
            try {
                return super.get(timeout, unit);
            } finally {
                waiters.decrementAndGet();
            }
        }
    }

    private final Map<String, SetupRow> rows = new ConcurrentHashMap<>();
    private final BlockingQueue<Held> held = new LinkedBlockingQueue<>();

    @Override
    public List<SetupRow> all() {
        return new ArrayList<>(rows.values());
    }

    @Override
    public Optional<SetupRow> find(String slug) {
        return Optional.ofNullable(rows.get(slug));
    }

    @Override
    public PendingChange submit(SetupChange change) {
        Held submitted = new Held(change, new Outcome());
        held.add(submitted);
        changed();
        return new PendingChange(submitted.outcome());
    }

    @Override
    public boolean queuesChanges() {
        return true;
    }

    /** The next submitted change, waiting for it to arrive. */
    Held next() throws InterruptedException {
        Held next = held.poll(10, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("no change was submitted");
        }
        return next;
    }

    /**
     * Waits until {@code condition} holds; it is checked again whenever a change is submitted or a
     * thread starts waiting on an outcome, and every few milliseconds for anything else.
     */
    synchronized void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new AssertionError("not within " + WAIT_SECONDS + " s: " + what);
            }
            wait(Math.min(left, 10));
        }
    }

    private synchronized void changed() {
        notifyAll();
    }

    /** Whether a change was submitted and not yet taken by {@link #next()}. */
    boolean hasWaiting() {
        return !held.isEmpty();
    }

    /** Commits {@code change} if the stored revision is still the one it expects, as the real stores do. */
    Optional<SetupRow> commit(Held change) {
        SetupChange c = change.change();
        SetupRow stored = rows.get(c.slug());
        long revision = stored == null ? 0 : stored.revision();
        Optional<SetupRow> row = Optional.empty();
        if (revision == c.expectedRevision() && !(stored == null && c.isReset())) {
            SetupRow written = new SetupRow(c.slug(), revision + 1, c.config(), c.secrets(),
                    c.isReset() ? null : stored != null && stored.configuredAt() != null ? stored.configuredAt() : c.audit().at(),
                    c.audit().at(), c.audit().actor(), c.verification());
            rows.put(c.slug(), written);
            row = Optional.of(written);
        }
        change.outcome().complete(row);
        return row;
    }

    void fail(Held change, RuntimeException failure) {
        change.outcome().completeExceptionally(failure);
    }

    @Override
    public Optional<SetupRow> recordVerification(String slug, long revision, String verification,
                                                 SetupChange.AuditEntry audit) {
        throw new UnsupportedOperationException("not needed by these tests");
    }

    @Override
    public boolean replaceSecrets(List<SetupRow> rows) {
        throw new UnsupportedOperationException("not needed by these tests");
    }
}

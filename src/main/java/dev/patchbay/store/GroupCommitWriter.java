package dev.patchbay.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Applies SQLite setup changes on one writer thread, committing every change that is waiting in one
 * transaction: SQLite allows one writer at a time anyway, and with {@code synchronous=FULL} each
 * commit costs an fsync (4–8 ms here), so sharing it lets concurrent writes be durable without
 * queueing behind one fsync each. A change's outcome is known only after the commit. A change that
 * fails must not take the others with it, yet a savepoint around each costs two more statements per
 * change on the one thread every write waits for; so a group is first applied plainly, and only when
 * one of its changes fails is it rolled back and applied again with a savepoint around each change.
 */
final class GroupCommitWriter implements AutoCloseable {
    /** More than this many changes in one transaction would only delay the first caller's answer. */
    private static final int MAX_BATCH = 64;
    /** How long closing waits for the queue to drain. */
    private static final long CLOSE_SECONDS = 10;

    private record Pending(SetupChange change, CompletableFuture<Optional<SetupRow>> result) {
    }

    /** Called on the writer thread with each group before it is applied; a seam for faults in tests. */
    @FunctionalInterface
    interface BatchStart {
        BatchStart NONE = size -> { };

        void starting(int size);
    }

    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    private final Jdbi jdbi;
    private final BatchStart batchStart;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    GroupCommitWriter(Jdbi jdbi) {
        this(jdbi, BatchStart.NONE);
    }

    GroupCommitWriter(Jdbi jdbi, BatchStart batchStart) {
        this.jdbi = jdbi;
        this.batchStart = batchStart;
        this.thread = new Thread(this::run, "patchbay-sqlite-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code change} for the next transaction; the caller waits on the answer, or not. */
    PendingChange submit(SetupChange change) {
        if (!running) {
            throw new IllegalStateException("the store is closed");
        }
        Pending pending = new Pending(change, new CompletableFuture<>());
        queue.add(pending);
        return new PendingChange(pending.result());
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                batchStart.starting(batch.size());
                commit(batch);
            } catch (InterruptedException e) {
                running = false;
            } catch (RuntimeException | Error e) {
                // This thread is every write's only way to the database: if it died, every later write
                // would time out while the store still looked reachable. Fail this group and go on.
                // The class only: the message of a failure inside a write could quote what was written.
                log.error("the SQLite writer failed a group of {} changes with {}; it goes on with the next",
                        batch.size(), e.getClass().getName());
                StoreUnavailableException failure = new StoreUnavailableException(e);
                batch.forEach(pending -> pending.result().completeExceptionally(failure));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending> batch) {
        List<Object> outcomes;
        try {
            outcomes = StoreCalls.guarded(() -> jdbi.inTransaction(h -> {
                List<Object> plain = new ArrayList<>(batch.size());
                try (ChangeStatements statements = new ChangeStatements(h, Dialect.SQLITE)) {
                    for (Pending pending : batch) {
                        plain.add(statements.apply(pending.change()));
                    }
                }
                return plain;
            }));
        } catch (StoreUnavailableException e) {
            batch.forEach(pending -> pending.result().completeExceptionally(e));
            return;
        } catch (RuntimeException oneChangeFailed) {
            outcomes = commitIsolated(batch);
            if (outcomes == null) {
                return;
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            Object outcome = outcomes.get(i);
            if (outcome instanceof RuntimeException failure) {
                batch.get(i).result().completeExceptionally(failure);
            } else {
                @SuppressWarnings("unchecked")
                Optional<SetupRow> row = (Optional<SetupRow>) outcome;
                batch.get(i).result().complete(row);
            }
        }
    }

    /** The group again, each change under its own savepoint; null when the transaction itself failed. */
    private List<Object> commitIsolated(List<Pending> batch) {
        try {
            return StoreCalls.guarded(() -> jdbi.inTransaction(h -> {
                List<Object> isolated = new ArrayList<>(batch.size());
                try (ChangeStatements statements = new ChangeStatements(h, Dialect.SQLITE)) {
                    for (Pending pending : batch) {
                        isolated.add(applyIsolated(h, statements, pending.change()));
                    }
                }
                return isolated;
            }));
        } catch (RuntimeException e) {
            batch.forEach(pending -> pending.result().completeExceptionally(e));
            return null;
        }
    }

    /** The change's result, or the exception it failed with, its writes rolled back to before it. */
    private static Object applyIsolated(Handle h, ChangeStatements statements, SetupChange change) {
        h.savepoint("change");
        try {
            Optional<SetupRow> row = statements.apply(change);
            h.release("change");
            return row;
        } catch (RuntimeException e) {
            // Jdbi forgets a savepoint it rolled back to, and refuses to release it; SQLite keeps it open
            // until the commit, which ends it with the transaction.
            h.rollbackToSavepoint("change");
            return e;
        }
    }

    /** Whether the writer thread still takes changes; false once closed. */
    boolean isAlive() {
        return thread.isAlive();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(CLOSE_SECONDS * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

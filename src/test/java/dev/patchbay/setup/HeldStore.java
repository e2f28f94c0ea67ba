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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A setup store in memory that holds every submitted change until the test commits or fails it, in
 * the order submitted, with the same revision check as the real stores: so a test decides when, and
 * whether, each change commits.
 */
final class HeldStore implements SetupStore {
    record Held(SetupChange change, CompletableFuture<Optional<SetupRow>> outcome) {
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
        Held submitted = new Held(change, new CompletableFuture<>());
        held.add(submitted);
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

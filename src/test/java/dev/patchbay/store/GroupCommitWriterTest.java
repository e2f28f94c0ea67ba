package dev.patchbay.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SQLite writes through the group commit: each writer gets its own outcome, and nothing is left behind. */
class GroupCommitWriterTest {
    @TempDir
    Path dataDir;
    private Store store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void concurrent_writers_each_get_their_own_committed_row() throws Exception {
        store = Store.openSqlite(dataDir);
        int writers = 24;
        List<SetupChange> changes = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            changes.add(first("provider-" + i));
        }

        List<PendingChange> submitted = submitAtOnce(changes);

        for (int i = 0; i < writers; i++) {
            SetupRow row = submitted.get(i).await().orElseThrow();
            assertThat(row.slug()).isEqualTo("provider-" + i);
            assertThat(row.revision()).isEqualTo(1);
            assertThat(store.setups().find(row.slug())).get().extracting(SetupRow::config).isEqualTo(row.config());
        }
        assertThat(store.audit().list(null, null, null, 100)).hasSize(writers);
    }

    @Test
    void a_change_nobody_waits_for_is_committed_all_the_same() throws InterruptedException {
        store = Store.openSqlite(dataDir);

        store.setups().submit(first("unattended"));

        for (int i = 0; i < 200 && store.setups().find("unattended").isEmpty(); i++) {
            Thread.sleep(25);
        }
        assertThat(store.setups().find("unattended")).get().extracting(SetupRow::revision).isEqualTo(1L);
    }

    @Test
    void a_change_submitted_before_close_is_committed_by_close() {
        store = Store.openSqlite(dataDir);
        store.setups().submit(first("late"));
        store.close();

        store = Store.openSqlite(dataDir);
        assertThat(store.setups().find("late")).isPresent();
    }

    @Test
    void a_stale_revision_changes_nothing_while_its_group_commits() throws Exception {
        store = Store.openSqlite(dataDir);
        store.setups().submit(first("github")).await();

        PendingChange stale = store.setups().submit(first("github"));
        PendingChange fresh = store.setups().submit(first("gitlab"));

        assertThat(stale.await()).isEmpty();
        assertThat(fresh.await()).isPresent();
        assertThat(store.setups().find("github")).get().extracting(SetupRow::revision).isEqualTo(1L);
    }

    @Test
    void a_failing_change_takes_nothing_else_of_its_group_with_it() throws Exception {
        store = Store.openSqlite(dataDir);
        int writers = 12;
        List<SetupChange> changes = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            // Every third change has no audit action, which the audit table refuses (NOT NULL).
            changes.add(i % 3 == 1 ? withoutAuditAction("broken-" + i) : first("provider-" + i));
        }

        List<PendingChange> submitted = submitAtOnce(changes);

        for (int i = 0; i < writers; i++) {
            if (i % 3 == 1) {
                assertThatThrownBy(submitted.get(i)::await).isInstanceOf(RuntimeException.class);
                assertThat(store.setups().find("broken-" + i)).as("a failed change leaves no row").isEmpty();
            } else {
                assertThat(submitted.get(i).await()).get().extracting(SetupRow::revision).isEqualTo(1L);
            }
        }
        assertThat(store.audit().list(null, null, null, 100)).hasSize(writers - writers / 3);
    }

    /** Submits each change from its own thread, all let go at once, so that they meet in the writer's queue. */
    private List<PendingChange> submitAtOnce(List<SetupChange> changes) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(changes.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<PendingChange>> submitting = new ArrayList<>();
            for (SetupChange change : changes) {
                submitting.add(threads.submit(() -> {
                    start.await();
                    return store.setups().submit(change);
                }));
            }
            start.countDown();
            List<PendingChange> submitted = new ArrayList<>();
            for (Future<PendingChange> change : submitting) {
                submitted.add(change.get(30, TimeUnit.SECONDS));
            }
            return submitted;
        } finally {
            threads.shutdown();
        }
    }

    private static SetupChange withoutAuditAction(String slug) {
        return new SetupChange(slug, 0, "{}", Map.of(),
                new SetupChange.AuditEntry(null, "test", "req-" + slug, Instant.now(), List.of()), null);
    }

    private static SetupChange first(String slug) {
        return new SetupChange(slug, 0, "{\"client_id\":\"" + slug + "\"}", Map.of(),
                new SetupChange.AuditEntry("provider.setup", "test", "req-" + slug, Instant.now(), List.of("client_id")),
                null);
    }
}

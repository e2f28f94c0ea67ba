package dev.patchbay.store;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SQLite writer is the one thread every write goes through: an Error in one group (say an
 * OutOfMemoryError) fails that group's writers and leaves the thread taking the next ones, and
 * readiness tells when the writer no longer runs.
 */
class GroupCommitWriterFaultTest {
    @TempDir
    Path dataDir;
    private Store store;
    private GroupCommitWriter writer;

    @AfterEach
    void close() {
        if (writer != null) {
            writer.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void an_error_in_one_group_fails_its_writers_and_the_next_writes_commit() {
        store = Store.openSqlite(dataDir);
        AtomicInteger groups = new AtomicInteger();
        writer = new GroupCommitWriter(jdbiOnTheSameFile(), size -> {
            if (groups.incrementAndGet() == 1) {
                throw new OutOfMemoryError("injected into the first group");
            }
        });

        PendingChange doomed = writer.submit(first("doomed"));

        assertThatThrownBy(doomed::await).as("failed with the group, not after waiting it out")
                .isInstanceOf(StoreUnavailableException.class).hasCauseInstanceOf(OutOfMemoryError.class);
        for (String slug : List.of("after-1", "after-2", "after-3")) {
            assertThat(writer.submit(first(slug)).await()).as(slug).get()
                    .extracting(SetupRow::revision).isEqualTo(1L);
        }
        assertThat(writer.isAlive()).isTrue();
        assertThat(store.setups().find("doomed")).isEmpty();
        assertThat(store.setups().find("after-3")).isPresent();
    }

    @Test
    void a_store_whose_writer_no_longer_runs_is_not_reachable() {
        store = Store.openSqlite(dataDir);
        assertThat(store.isReachable()).isTrue();

        ((JdbiSetupStore) store.setups()).close();

        assertThat(store.isReachable()).as("readiness after the writer stopped").isFalse();
    }

    /** A second Jdbi on the database the store created and migrated, for a writer of the test's own. */
    private Jdbi jdbiOnTheSameFile() {
        return Jdbi.create("jdbc:sqlite:" + dataDir.resolve("patchbay.db").toAbsolutePath());
    }

    private static SetupChange first(String slug) {
        return new SetupChange(slug, 0, "{\"client_id\":\"" + slug + "\"}", Map.of(),
                new SetupChange.AuditEntry("provider.setup", "test", "req-" + slug, Instant.now(), List.of("client_id")),
                null);
    }
}

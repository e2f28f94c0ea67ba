package dev.patchbay.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchbay.catalog.CatalogLoader;
import dev.patchbay.crypto.MasterKeys;
import dev.patchbay.store.StoreUnavailableException;
import dev.patchbay.verify.Verifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Writes of one provider build on each other's submitted changes instead of waiting for each commit,
 * and are still answered only after their own commit, with exactly what committed, whether the writer
 * waits for that commit or is answered when it completes. The store here
 * holds every change until the test commits or fails it ({@link HeldStore}).
 */
class PipelinedWritesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final HeldStore store = new HeldStore();
    private final ExecutorService clients = Executors.newCachedThreadPool();
    private SetupService setups;

    @BeforeEach
    void startService() {
        setups = new SetupService(new CatalogLoader().load(null), store, MasterKeys.sealer(null, dataDir),
                new Verifier(Duration.ofSeconds(5), false, Clock.systemUTC()), Clock.systemUTC(), JSON);
    }

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    @Test
    void writes_of_one_provider_are_submitted_before_the_first_commits_and_each_answer_is_its_own() throws Exception {
        Future<SetupOutcome> first = setUp("first", null);
        HeldStore.Held firstChange = store.next();
        Future<SetupOutcome> second = setUp("second", null);
        HeldStore.Held secondChange = store.next();
        Future<SetupOutcome> third = setUp("third", null);
        HeldStore.Held thirdChange = store.next();

        assertThat(first.isDone() || second.isDone() || third.isDone()).as("answered before a commit").isFalse();
        assertThat(secondChange.change().expectedRevision()).isEqualTo(1);
        assertThat(thirdChange.change().expectedRevision()).isEqualTo(2);
        assertThat(setups.get("github").setupComplete()).as("reads see only what committed").isFalse();

        store.commit(firstChange);
        store.commit(secondChange);
        store.commit(thirdChange);

        assertThat(clientIdOf(first.get(10, TimeUnit.SECONDS))).isEqualTo("first");
        assertThat(first.get().provider().revision()).isEqualTo(1);
        assertThat(clientIdOf(second.get(10, TimeUnit.SECONDS))).isEqualTo("second");
        assertThat(clientIdOf(third.get(10, TimeUnit.SECONDS))).isEqualTo("third");
        assertThat(third.get().provider().revision()).isEqualTo(3);
        assertThat(setups.get("github").revision()).isEqualTo(3);
    }

    @Test
    void a_write_built_on_a_change_that_failed_is_done_again_on_what_committed() throws Exception {
        secondIsDoneAgainWhenTheFirstFails(clientId -> setUp(clientId, null));
    }

    @Test
    void if_match_is_checked_against_what_committed_not_against_a_change_still_pending() throws Exception {
        Future<SetupOutcome> first = setUp("first", null);
        HeldStore.Held firstChange = store.next();
        Future<SetupOutcome> conditional = setUp("conditional", 0L);
        // Both writers wait on the first change, unless the conditional one went on without waiting.
        store.await(() -> firstChange.waiters() == 2 || store.hasWaiting() || conditional.isDone(),
                "the conditional write waits on the pending change, submits or is answered");

        assertThat(store.hasWaiting()).as("the conditional write waits for the pending change").isFalse();
        store.fail(firstChange, new StoreUnavailableException(new java.io.IOException("disk gone")));
        store.commit(store.next());

        assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreUnavailableException.class);
        assertThat(clientIdOf(conditional.get(10, TimeUnit.SECONDS))).isEqualTo("conditional");
    }

    @Test
    void a_reset_answers_not_set_up_only_once_that_is_committed() throws Exception {
        Future<SetupOutcome> first = setUp("first", null);
        HeldStore.Held firstChange = store.next();
        store.commit(firstChange);
        first.get(10, TimeUnit.SECONDS);
        Future<SetupOutcome> reset = clients.submit(() -> setups.reset("github", WriteRequest.by("ops", "r-1")));
        HeldStore.Held resetChange = store.next();
        Future<SetupOutcome> resetAgain = clients.submit(() -> setups.reset("github", WriteRequest.by("ops", "r-2")));
        // As above: both resets wait on the first one's change, unless the second went on without waiting.
        store.await(() -> resetChange.waiters() == 2 || store.hasWaiting() || resetAgain.isDone(),
                "the second reset waits on the pending one, submits or is answered");

        assertThat(resetAgain.isDone()).as("a no-op reset waits for the pending one").isFalse();
        store.fail(resetChange, new StoreUnavailableException(new java.io.IOException("disk gone")));
        store.commit(store.next());

        assertThat(resetAgain.get(10, TimeUnit.SECONDS).stored()).as("the second reset did the work").isTrue();
        assertThatThrownBy(() -> reset.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreUnavailableException.class);
        assertThat(setups.get("github").setupComplete()).isFalse();
    }

    @Test
    void a_write_submitted_without_waiting_is_answered_once_its_commit_is_done() throws Exception {
        CompletableFuture<SetupOutcome> answer = setUpWithoutWaiting("first").orElseThrow();
        HeldStore.Held change = store.next();

        assertThat(answer).as("answered before its commit").isNotDone();
        store.commit(change);

        SetupOutcome outcome = answer.get(10, TimeUnit.SECONDS);
        assertThat(outcome.provider().revision()).isEqualTo(1);
        assertThat(clientIdOf(outcome)).isEqualTo("first");
        assertThat(setups.get("github").revision()).isEqualTo(1);
    }

    @Test
    void a_write_submitted_without_waiting_that_lost_its_race_is_done_again_by_a_thread_that_may_wait() throws Exception {
        secondIsDoneAgainWhenTheFirstFails(clientId -> setUpWithoutWaiting(clientId).orElseThrow());
    }

    /**
     * Writes "first", then "second" built on it; the first fails, so the store refuses the second, which
     * must be done again on revision 0 and answered with what committed.
     */
    private void secondIsDoneAgainWhenTheFirstFails(java.util.function.Function<String, Future<SetupOutcome>> write)
            throws Exception {
        Future<SetupOutcome> first = write.apply("first");
        HeldStore.Held firstChange = store.next();
        Future<SetupOutcome> second = write.apply("second");
        HeldStore.Held builtOnFirst = store.next();

        store.fail(firstChange, new StoreUnavailableException(new java.io.IOException("disk gone")));
        assertThat(store.commit(builtOnFirst)).as("refused by the revision check").isEmpty();
        HeldStore.Held again = store.next();
        assertThat(again.change().expectedRevision()).isZero();
        store.commit(again);

        assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreUnavailableException.class);
        SetupOutcome outcome = second.get(10, TimeUnit.SECONDS);
        assertThat(outcome.provider().revision()).isEqualTo(1);
        assertThat(clientIdOf(outcome)).isEqualTo("second");
        assertThat(setups.get("github").revision()).isEqualTo(1);
    }

    @Test
    void a_write_that_may_wait_is_not_submitted_without_waiting() {
        JsonNode body = JSON.createObjectNode().put("client_id", "c").put("client_secret", "s");
        for (WriteRequest request : java.util.List.of(new WriteRequest("ops", "r-1", java.util.Set.of(0L), false, false),
                new WriteRequest("ops", "r-2", null, true, false), new WriteRequest("ops", "r-3", null, false, true))) {
            assertThat(setups.commitWithoutWaiting(setups.checkSetup("github", body, request), clients))
                    .as("If-Match, dry run or verification: %s", request).isEmpty();
        }
        assertThat(store.hasWaiting()).isFalse();
    }

    private Optional<CompletableFuture<SetupOutcome>> setUpWithoutWaiting(String clientId) {
        JsonNode body = JSON.createObjectNode().put("client_id", clientId).put("client_secret", "s-" + clientId);
        return setups.commitWithoutWaiting(setups.checkSetup("github", body, WriteRequest.by("ops", "req-" + clientId)),
                clients);
    }

    private Future<SetupOutcome> setUp(String clientId, Long ifMatch) {
        JsonNode body = JSON.createObjectNode().put("client_id", clientId).put("client_secret", "s-" + clientId);
        return clients.submit(() -> setups.setup("github", body,
                new WriteRequest("ops", "req-" + clientId, ifMatch == null ? null : java.util.Set.of(ifMatch), false, false)));
    }

    private static String clientIdOf(SetupOutcome outcome) {
        return outcome.provider().setup().config().get("client_id").asText();
    }
}

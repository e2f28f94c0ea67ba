package dev.patchbay.instances;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.TestDatabase;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Two in-process instances on one PostgreSQL database (run by the {@code postgresql} execution only):
 * each sees the other's changes within a second while reading from memory, and conditional writes
 * spread over both stay correct.
 */
class MultiInstanceTest {
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(1);
    private static final String GITHUB = Api.PROVIDERS + "/github/setup";

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    private Api a;
    private Api b;

    @BeforeEach
    void start_two_instances() {
        Assumptions.assumeTrue(TestDatabase.isPostgresRun(), "two instances share a database only on PostgreSQL");
        a = server.api();
        b = server.anotherInstance().api().withKey(server.server().adminKey());
    }

    @Test
    void a_setup_through_a_is_visible_through_b_in_get_and_in_the_setup_complete_list_within_one_second() {
        assertThat(b.provider("github").data().get("setup_complete").asBoolean()).isFalse();

        ApiResponse posted = a.setup("github", githubConfig("Iv1.first", server.secret("first")));

        assertThat(posted.status()).isEqualTo(200);
        ApiResponse seen = eventually(() -> b.provider("github"),
                r -> r.data().get("setup_complete").asBoolean(), "B shows github as set up");
        assertThat(seen.data().at("/setup/config/client_id").asText()).isEqualTo("Iv1.first");
        assertThat(seen.header("ETag")).isEqualTo(posted.header("ETag")).isEqualTo("\"1\"");
        ApiResponse listed = eventually(() -> b.get(Api.PROVIDERS + "?setup_complete=true"),
                r -> r.data().size() == 1, "B lists github under setup_complete=true");
        assertThat(listed.data().get(0).get("provider_slug").asText()).isEqualTo("github");
        assertThat(listed.json().at("/meta/total").asInt()).isEqualTo(1);
    }

    @Test
    void a_patch_through_b_is_visible_through_a_within_one_second() {
        a.setup("github", githubConfig("Iv1.before", server.secret("patched")));
        eventually(() -> b.provider("github"), r -> r.header("ETag").equals("\"1\""), "B sees revision 1");

        ApiResponse patched = b.send("PATCH", GITHUB, "{\"client_id\": \"Iv1.after\"}",
                "application/merge-patch+json", Map.of());

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.header("ETag")).isEqualTo("\"2\"");
        ApiResponse seen = eventually(() -> a.provider("github"),
                r -> r.data().at("/setup/config/client_id").asText().equals("Iv1.after"), "A shows B's patch");
        assertThat(seen.header("ETag")).isEqualTo(patched.header("ETag"));
        assertThat(seen.data().at("/setup/revision").asLong()).isEqualTo(2);
        assertThat(seen.data().at("/setup/config/client_secret").asText()).isEqualTo("********");
    }

    @Test
    void a_reset_through_a_is_visible_through_b_within_one_second() {
        a.setup("github", githubConfig("Iv1.reset", server.secret("reset")));
        eventually(() -> b.get(Api.PROVIDERS + "?setup_complete=true"), r -> r.data().size() == 1, "B lists github");

        ApiResponse reset = a.reset("github");

        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.header("ETag")).isEqualTo("\"2\"");
        ApiResponse seen = eventually(() -> b.provider("github"),
                r -> !r.data().get("setup_complete").asBoolean(), "B shows github as reset");
        assertThat(seen.data().get("setup").isNull()).isTrue();
        assertThat(seen.header("ETag")).isEqualTo(reset.header("ETag"));
        eventually(() -> b.get(Api.PROVIDERS + "?setup_complete=true"), r -> r.data().isEmpty(), "B lists nothing");
    }

    @Test
    void an_instance_that_loaded_before_a_commit_and_listens_after_it_still_sees_that_commit() {
        ApiResponse[] committed = new ApiResponse[1];
        // The commit lands after C loaded every setup and before its change feed listens: no notification reaches C.
        Api c = server.anotherInstance(Map.of(),
                        () -> committed[0] = a.setup("github", githubConfig("Iv1.in-the-gap", server.secret("gap"))))
                .api().withKey(server.server().adminKey());
        assertThat(committed[0].status()).isEqualTo(200);

        ApiResponse seen = eventually(() -> c.provider("github"), r -> r.data().get("setup_complete").asBoolean(),
                "C shows the setup committed while it started");
        assertThat(seen.header("ETag")).isEqualTo(committed[0].header("ETag")).isEqualTo("\"1\"");
        assertThat(seen.data().at("/setup/config/client_id").asText()).isEqualTo("Iv1.in-the-gap");
    }

    @Test
    void twenty_concurrent_conditional_writes_spread_over_both_instances_have_exactly_one_winner_five_rounds_running()
            throws Exception {
        a.setup("github", githubConfig("Iv1.round-0", server.secret("round")));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            for (int round = 1; round <= 5; round++) {
                ApiResponse before = a.provider("github");
                String etag = before.header("ETag");
                long revision = before.data().at("/setup/revision").asLong();
                eventually(() -> b.provider("github"), r -> etag.equals(r.header("ETag")), "B agrees on " + etag);
                assertThat(auditEvents(revision + 1)).isEmpty();

                List<Integer> statuses = race(pool, etag, round);

                assertThat(statuses).as("round %d", round).hasSize(20);
                assertThat(statuses).as("round %d: one winner", round).filteredOn(s -> s == 200).hasSize(1);
                assertThat(statuses).as("round %d: the rest refused", round).filteredOn(s -> s == 412).hasSize(19);
                String next = "\"" + (revision + 1) + "\"";
                assertThat(a.provider("github").data().at("/setup/revision").asLong()).isEqualTo(revision + 1);
                eventually(() -> b.provider("github"), r -> next.equals(r.header("ETag")), "B agrees on " + next);
                assertThat(a.provider("github").header("ETag")).isEqualTo(next);
                List<JsonNode> events = auditEvents(revision + 1);
                assertThat(events).as("round %d: one audit event", round).hasSize(1);
                assertThat(events.get(0).get("action").asText()).isEqualTo("provider.updated");
            }
            assertThat(auditEvents(-1)).as("every event of github: the first setup and one per round").hasSize(6);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_conditional_write_through_b_right_after_a_write_through_a_succeeds_with_the_new_etag() {
        ApiResponse last = a.setup("github", githubConfig("Iv1.chain-0", server.secret("chain")));
        assertThat(last.status()).isEqualTo(200);
        for (int step = 1; step <= 6; step++) {
            // No waiting for the change feed: the other instance must ask the store before refusing.
            Api writer = step % 2 == 1 ? b : a;
            String etag = last.header("ETag");
            last = step == 6
                    ? writer.send("DELETE", GITHUB, null, null, Map.of("If-Match", etag))
                    : step % 3 == 0
                    ? writer.send("PATCH", GITHUB, "{\"client_id\": \"Iv1.chain-" + step + "\"}",
                    "application/merge-patch+json", Map.of("If-Match", etag))
                    : writer.send("POST", GITHUB, githubConfig("Iv1.chain-" + step, "********"),
                    "application/json", Map.of("If-Match", etag));
            assertThat(last.status()).as("step %d through %s with If-Match %s: %s", step,
                    writer == a ? "A" : "B", etag, last.body()).isEqualTo(200);
            assertThat(last.header("ETag")).isEqualTo("\"" + (step + 1) + "\"");
        }
        ApiResponse stale = a.send("POST", GITHUB, githubConfig("Iv1.stale", server.secret("stale")),
                "application/json", Map.of("If-Match", "\"6\""));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.header("ETag")).isEqualTo("\"7\"");
        assertThat(auditEvents(-1)).hasSize(7);
    }

    /** 20 POSTs with the same If-Match, 10 to each instance, released together. */
    private List<Integer> race(ExecutorService pool, String etag, int round) throws Exception {
        CountDownLatch ready = new CountDownLatch(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Api target = i % 2 == 0 ? a : b;
            String body = githubConfig("Iv1.round-" + round + "-writer-" + i, "********");
            answers.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return target.send("POST", GITHUB, body, "application/json", Map.of("If-Match", etag)).status();
            }));
        }
        assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
            statuses.add(answer.get(30, TimeUnit.SECONDS));
        }
        return statuses;
    }

    /** github's audit events at {@code revision}, or all of them when it is negative, read through B. */
    private List<JsonNode> auditEvents(long revision) {
        ApiResponse page = b.get("/v1/admin/audit-events?provider_slug=github&limit=500");
        assertThat(page.status()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        page.data().forEach(event -> {
            if (revision < 0 || event.get("revision").asLong() == revision) {
                events.add(event);
            }
        });
        return events;
    }

    /** Polls {@code probe} until {@code done} holds, failing after {@link #VISIBLE_WITHIN}. */
    private static ApiResponse eventually(Supplier<ApiResponse> probe, Predicate<ApiResponse> done, String what) {
        long start = System.nanoTime();
        long deadline = start + VISIBLE_WITHIN.toNanos();
        ApiResponse last;
        do {
            last = probe.get();
            if (last.status() == 200 && done.test(last)) {
                System.out.printf("%s after %d ms%n", what, (System.nanoTime() - start) / 1_000_000);
                return last;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        } while (System.nanoTime() < deadline);
        return fail("not within %s: %s; last answer %d %s", VISIBLE_WITHIN, what, last.status(), last.body());
    }

    private static String githubConfig(String clientId, String clientSecret) {
        return "{\"client_id\": \"" + clientId + "\", \"client_secret\": \"" + clientSecret + "\"}";
    }
}

package dev.patchbay.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import static dev.patchbay.http.SetupCalls.assertProblem;
import static dev.patchbay.http.SetupCalls.auditEvents;
import static dev.patchbay.http.SetupCalls.currentEtag;
import static dev.patchbay.http.SetupCalls.delete;
import static dev.patchbay.http.SetupCalls.etag;
import static dev.patchbay.http.SetupCalls.github;
import static dev.patchbay.http.SetupCalls.ifMatch;
import static dev.patchbay.http.SetupCalls.patch;
import static dev.patchbay.http.SetupCalls.post;
import static dev.patchbay.http.SetupCalls.providerData;
import static org.assertj.core.api.Assertions.assertThat;

/** ETag and If-Match on GET one, POST, PATCH and DELETE: revisions that only go forward. */
class ConditionalWriteTest {
    private static final int ROUNDS = 10;
    private static final int WRITERS = 20;

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    /** One kind of write, sent with the given headers. */
    private interface Write extends BiFunction<Api, Map<String, String>, ApiResponse> {
    }

    private final Write postWrite = (api, headers) -> post(api, "github", github("Iv1.new", server.secret("new")), headers);
    private final Write patchWrite = (api, headers) -> patch(api, "github", "{\"client_id\":\"Iv1.patched\"}", headers);
    private final Write deleteWrite = (api, headers) -> delete(api, "github", headers);

    private Api api() {
        return server.api();
    }

    private void setUpGithub() {
        ApiResponse posted = api().setup("github", github("Iv1.abc", server.secret("github")));
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
    }

    @Test
    void etag_on_get_post_patch_and_delete_is_the_quoted_revision() {
        assertThat(currentEtag(api(), "github")).isEqualTo("\"0\"");

        ApiResponse posted = post(api(), "github", github("Iv1.abc", server.secret("gh")), Map.of());
        assertThat(etag(posted)).isEqualTo("\"1\"");
        assertThat(posted.data().at("/setup/revision").asLong()).isEqualTo(1);
        assertThat(currentEtag(api(), "github")).isEqualTo("\"1\"");

        ApiResponse patched = patch(api(), "github", "{\"client_id\":\"Iv1.def\"}");
        assertThat(etag(patched)).isEqualTo("\"2\"");
        assertThat(patched.data().at("/setup/revision").asLong()).isEqualTo(2);

        ApiResponse deleted = delete(api(), "github", Map.of());
        assertThat(etag(deleted)).isEqualTo("\"3\"");
        assertThat(currentEtag(api(), "github")).isEqualTo("\"3\"");
    }

    @Test
    void post_with_stale_if_match_is_412_and_changes_nothing() {
        assertStaleIfMatchChangesNothing(postWrite);
    }

    @Test
    void patch_with_stale_if_match_is_412_and_changes_nothing() {
        assertStaleIfMatchChangesNothing(patchWrite);
    }

    @Test
    void delete_with_stale_if_match_is_412_and_changes_nothing() {
        assertStaleIfMatchChangesNothing(deleteWrite);
    }

    private void assertStaleIfMatchChangesNothing(Write write) {
        setUpGithub();
        setUpGithub();
        JsonNode before = providerData(api(), "github");
        int eventsBefore = auditEvents(api(), "github").size();

        ApiResponse refused = write.apply(api(), ifMatch("\"1\""));

        assertProblem(refused, 412);
        assertThat(refused.json().get("type").asText()).endsWith("/revision-mismatch");
        assertThat(etag(refused)).isEqualTo("\"2\"");
        assertThat(currentEtag(api(), "github")).isEqualTo("\"2\"");
        assertThat(providerData(api(), "github")).isEqualTo(before);
        assertThat(auditEvents(api(), "github")).hasSize(eventsBefore);
    }

    @Test
    void post_with_current_if_match_is_200() {
        assertCurrentIfMatchSucceeds(postWrite);
    }

    @Test
    void patch_with_current_if_match_is_200() {
        assertCurrentIfMatchSucceeds(patchWrite);
    }

    @Test
    void delete_with_current_if_match_is_200() {
        assertCurrentIfMatchSucceeds(deleteWrite);
    }

    private void assertCurrentIfMatchSucceeds(Write write) {
        setUpGithub();

        ApiResponse written = write.apply(api(), ifMatch(currentEtag(api(), "github")));

        assertThat(written.status()).as(written.body()).isEqualTo(200);
        assertThat(etag(written)).isEqualTo("\"2\"");
    }

    @Test
    void post_with_if_match_zero_on_a_provider_never_set_up_is_200() {
        ApiResponse posted = postWrite.apply(api(), ifMatch("\"0\""));

        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        assertThat(etag(posted)).isEqualTo("\"1\"");
    }

    @Test
    void if_match_star_is_200() {
        setUpGithub();

        ApiResponse posted = postWrite.apply(api(), ifMatch("*"));

        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        assertThat(etag(posted)).isEqualTo("\"2\"");
    }

    @Test
    void malformed_if_match_is_400_and_changes_nothing() {
        setUpGithub();
        JsonNode before = providerData(api(), "github");

        ApiResponse refused = postWrite.apply(api(), ifMatch("1"));

        assertProblem(refused, 400);
        assertThat(providerData(api(), "github")).isEqualTo(before);
    }

    @Test
    void revision_never_goes_back_across_setup_reset_setup() {
        assertThat(etag(post(api(), "github", github("Iv1.a", server.secret("a")), Map.of()))).isEqualTo("\"1\"");
        ApiResponse reset = api().reset("github");
        assertThat(etag(reset)).isEqualTo("\"2\"");
        assertThat(reset.data().get("setup_complete").asBoolean()).isFalse();
        assertThat(currentEtag(api(), "github")).isEqualTo("\"2\"");
        assertThat(etag(post(api(), "github", github("Iv1.b", server.secret("b")), Map.of()))).isEqualTo("\"3\"");
        assertThat(providerData(api(), "github").at("/setup/revision").asLong()).isEqualTo(3);
    }

    @Test
    void an_old_etag_never_matches_again() {
        post(api(), "github", github("Iv1.a", server.secret("a")), Map.of());
        api().reset("github");
        post(api(), "github", github("Iv1.b", server.secret("b")), Map.of());
        JsonNode before = providerData(api(), "github");

        for (String old : List.of("\"0\"", "\"1\"", "\"2\"")) {
            for (Write write : List.of(postWrite, patchWrite, deleteWrite)) {
                assertThat(write.apply(api(), ifMatch(old)).status()).as("If-Match " + old).isEqualTo(412);
            }
        }

        assertThat(providerData(api(), "github")).isEqualTo(before);
        assertThat(currentEtag(api(), "github")).isEqualTo("\"3\"");
    }

    @Test
    void concurrent_posts_with_the_same_if_match_let_exactly_one_win_each_round() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String etag = currentEtag(api(), "github");
                long revision = Long.parseLong(etag.replace("\"", ""));
                int eventsBefore = auditEvents(api(), "github").size();

                List<Integer> statuses = raceRound(pool, etag, round);

                assertThat(statuses).as("round %d", round).filteredOn(s -> s == 200).hasSize(1);
                assertThat(statuses).as("round %d", round).filteredOn(s -> s == 412).hasSize(WRITERS - 1);
                assertThat(currentEtag(api(), "github")).as("round %d", round).isEqualTo("\"" + (revision + 1) + "\"");
                assertThat(auditEvents(api(), "github")).as("round %d", round).hasSize(eventsBefore + 1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@link #WRITERS} POSTs with {@code If-Match: etag}, released together by one start gate. */
    private List<Integer> raceRound(ExecutorService pool, String etag, int round) throws Exception {
        CountDownLatch ready = new CountDownLatch(WRITERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int writer = 0; writer < WRITERS; writer++) {
            String body = github("Iv1.r" + round + "w" + writer, server.secret("r" + round + "w" + writer));
            results.add(pool.submit(() -> {
                ready.countDown();
                start.await();
                return post(api(), "github", body, ifMatch(etag)).status();
            }));
        }
        assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> result : results) {
            statuses.add(result.get(60, TimeUnit.SECONDS));
        }
        return statuses;
    }
}

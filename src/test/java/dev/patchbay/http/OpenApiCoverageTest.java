package dev.patchbay.http;

import dev.patchbay.auth.KeyScope;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.patchbay.http.ProvidersApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exchanges for the documented operations and statuses that the rest of the suite does not reach
 * (PATCH, dry runs, If-Match, audit events, readiness, methods a path does not have), so that the
 * contract check after every test holds each of them against {@code openapi.json}.
 */
class OpenApiCoverageTest {
    private static final String SETUP = Api.PROVIDERS + "/github/setup";
    private static final String MERGE_PATCH = "application/merge-patch+json";

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    @Test
    void patch_changes_one_field_keeps_the_secret_and_bumps_the_revision() {
        setUpGithub();

        ApiResponse patched = patch("{\"client_id\":\"Iv1.patched\"}", MERGE_PATCH, Map.of());

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.header("ETag")).isEqualTo("\"2\"");
        assertThat(patched.data().at("/setup/config/client_id").asText()).isEqualTo("Iv1.patched");
        assertThat(patched.data().at("/setup/config/client_secret").asText()).isEqualTo("********");
    }

    @Test
    void patch_sent_as_application_json_is_accepted_too() {
        setUpGithub();

        assertThat(patch("{\"client_id\":\"Iv1.json\"}", "application/json", Map.of()).status()).isEqualTo(200);
    }

    @Test
    void patch_of_a_provider_that_is_not_set_up_is_409_setup_missing() {
        ApiResponse patched = patch("{\"client_id\":\"Iv1.x\"}", MERGE_PATCH, Map.of());

        assertProblem(patched, 409);
        assertThat(patched.json().get("type").asText()).endsWith("/setup-missing");
    }

    @Test
    void patch_sent_as_text_plain_is_415_naming_the_accepted_types() {
        setUpGithub();

        ApiResponse patched = patch("{\"client_id\":\"Iv1.x\"}", "text/plain", Map.of());

        assertProblem(patched, 415);
        assertThat(patched.header("Accept-Patch")).contains(MERGE_PATCH, "application/json");
    }

    @Test
    void dry_runs_answer_valid_true_and_store_nothing() {
        setUpGithub();

        ApiResponse post = server.api().postJson(SETUP + "?dry_run=true", github("Iv1.dry"));
        ApiResponse patched = server.api().send("PATCH", SETUP + "?dry_run=true", "{\"client_id\":\"Iv1.dry\"}",
                MERGE_PATCH, Map.of());

        for (ApiResponse dryRun : new ApiResponse[] {post, patched}) {
            assertThat(dryRun.status()).isEqualTo(200);
            assertThat(dryRun.body()).isEqualTo("{\"data\":{\"valid\":true}}");
            assertThat(dryRun.header("ETag")).isEqualTo("\"1\"");
        }
        assertThat(server.api().provider("github").data().at("/setup/config/client_id").asText()).isEqualTo("Iv1.abc");
    }

    @Test
    void a_stale_if_match_is_412_with_the_current_etag() {
        setUpGithub();

        ApiResponse stale = patch("{\"client_id\":\"Iv1.x\"}", MERGE_PATCH, Map.of("If-Match", "\"0\""));

        assertProblem(stale, 412);
        assertThat(stale.header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void a_matching_if_match_lets_the_reset_through() {
        setUpGithub();

        ApiResponse reset = server.api().send("DELETE", SETUP, null, null, Map.of("If-Match", "\"1\""));

        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.header("ETag")).isEqualTo("\"2\"");
    }

    @Test
    void an_if_match_that_is_not_an_entity_tag_is_400() {
        assertProblem(server.api().send("DELETE", SETUP, null, null, Map.of("If-Match", "three")), 400);
    }

    @Test
    void an_unknown_query_parameter_on_a_write_is_400() {
        assertProblem(server.api().postJson(SETUP + "?dryrun=true", github("Iv1.x")), 400);
    }

    @Test
    void a_read_key_is_403_on_patch() {
        setUpGithub();
        Api reader = server.api().withKey(server.server().patchbay().keys().create("reader", KeyScope.READ));

        assertProblem(reader.send("PATCH", SETUP, "{}", MERGE_PATCH, Map.of()), 403);
    }

    @Test
    void a_method_the_path_does_not_have_is_a_405_problem() {
        assertProblem(server.api().send("PUT", SETUP, github("Iv1.x"), "application/json", Map.of()), 405);
    }

    @Test
    void a_path_that_does_not_exist_is_a_404_problem() {
        assertProblem(server.api().get("/v1/admin/no-such-collection"), 404);
    }

    @Test
    void audit_events_are_listed_newest_first_in_pages() {
        setUpGithub();
        patch("{\"client_id\":\"Iv1.second\"}", MERGE_PATCH, Map.of());
        server.api().reset("github");

        ApiResponse first = server.api().get("/v1/admin/audit-events?provider_slug=github&limit=2");
        String cursor = first.json().at("/meta/next_cursor").asText();
        ApiResponse second = server.api().get("/v1/admin/audit-events?provider_slug=github&limit=2&cursor=" + cursor);

        assertThat(first.data().findValuesAsText("action")).containsExactly("provider.reset", "provider.updated");
        assertThat(second.data().findValuesAsText("action")).containsExactly("provider.setup");
        assertThat(second.json().at("/meta/next_cursor").isNull()).isTrue();
    }

    @Test
    void audit_events_with_a_bad_limit_are_400() {
        assertProblem(server.api().get("/v1/admin/audit-events?limit=0"), 400);
    }

    @Test
    void audit_events_need_a_key() {
        assertProblem(server.api().withKey(null).get("/v1/admin/audit-events"), 401);
    }

    @Test
    void readyz_is_200_while_the_store_answers() {
        ApiResponse ready = server.api().withKey(null).get("/readyz");

        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("status").asText()).isEqualTo("ok");
    }

    @Test
    void a_header_over_jettys_limit_is_refused_as_problem_json() {
        // Jetty answers 431 before any route exists: no operation of the document can describe it.
        Api outside = server.api().outsideTheContract("an oversized header is refused by Jetty itself");

        ApiResponse refused = outside.send("GET", Api.PROVIDERS, null, null, Map.of("X-Padding", "x".repeat(20_000)));

        assertThat(refused.status()).isEqualTo(431);
        assertThat(refused.contentType()).startsWith("application/problem+json");
    }

    private void setUpGithub() {
        assertThat(server.api().setup("github", github("Iv1.abc")).status()).isEqualTo(200);
    }

    private String github(String clientId) {
        return "{\"client_id\":\"" + clientId + "\",\"client_secret\":\"" + server.secret("github") + "\"}";
    }

    private ApiResponse patch(String body, String contentType, Map<String, String> headers) {
        return server.api().send("PATCH", SETUP, body, contentType, headers);
    }
}

package dev.patchbay.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.auth.KeyScope;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.ProviderStub;
import dev.patchbay.testing.StubDescriptors;
import dev.patchbay.testing.TestServer;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;

import static dev.patchbay.http.ProvidersApiTest.assertProblem;
import static dev.patchbay.testing.StubDescriptors.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * {@code POST …/{provider_slug}/verify}, {@code ?verify=true} on setup, and {@code setup.last_verification}:
 * what is stored, audited and answered. The checks themselves are in {@link VerificationChecksApiTest}.
 */
class VerifyApiTest {
    private static final String AUDIT = "/v1/admin/audit-events?provider_slug=" + API_KEY;

    private static final Path PROVIDERS = StubDescriptors.inTemporaryDirectory();

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(Map.of(
            "PATCHBAY_PROVIDERS_DIR", PROVIDERS.toString(),
            "PATCHBAY_VERIFY_ALLOW_PRIVATE", "true",
            "PATCHBAY_VERIFY_TIMEOUT_MS", VerificationChecksApiTest.LIMIT_MS));

    @RegisterExtension
    final ProviderStub stub = new ProviderStub();

    @Test
    void last_verification_is_null_before_the_first_check() {
        setUp();

        JsonNode setup = server.api().provider(API_KEY).data().get("setup");

        assertThat(setup.has("last_verification")).isTrue();
        assertThat(setup.get("last_verification").isNull()).isTrue();
    }

    @Test
    void verify_answers_the_result_and_the_provider_shows_it_as_last_verification() {
        setUp();
        stub.answer(200, "{}");

        JsonNode result = server.api().verify(API_KEY).data();

        assertThat(result.get("ok").asBoolean()).isTrue();
        assertThat(result.fieldNames()).toIterable().containsExactlyInAnyOrder("ok", "reason", "detail", "checked_at");
        assertThat(server.api().provider(API_KEY).data().at("/setup/last_verification")).isEqualTo(result);
    }

    @Test
    void a_failed_check_is_stored_as_last_verification_too() {
        setUp();
        stub.answer(401, "{}");

        JsonNode result = server.api().verify(API_KEY).data();

        assertThat(result.get("reason").asText()).isEqualTo("rejected");
        assertThat(server.api().provider(API_KEY).data().at("/setup/last_verification")).isEqualTo(result);
    }

    @Test
    void verify_records_a_provider_verified_audit_event_with_the_current_revision_and_no_fields() {
        setUp();
        stub.answer(200, "{}");

        ApiResponse verified = server.api().send("POST", Api.PROVIDERS + "/" + API_KEY + "/verify", null, null,
                Map.of("X-Request-Id", "verify-1"));

        assertThat(verified.status()).isEqualTo(200);
        JsonNode newest = server.api().get(AUDIT).data().get(0);
        assertThat(newest.get("action").asText()).isEqualTo("provider.verified");
        assertThat(newest.get("revision").asLong()).isEqualTo(1);
        assertThat(newest.get("changed_fields")).isEmpty();
        assertThat(newest.get("request_id").asText()).isEqualTo("verify-1");
        assertThat(newest.get("actor").asText()).isEqualTo("admin");
    }

    @Test
    void verify_changes_neither_the_revision_nor_updated_at_but_the_etag_follows_the_body() {
        setUp();
        ApiResponse before = server.api().provider(API_KEY);
        stub.answer(200, "{}");

        server.api().verify(API_KEY);

        ApiResponse after = server.api().provider(API_KEY);
        assertThat(before.header("ETag")).isEqualTo("\"1\"");
        assertThat(after.header("ETag")).as("last_verification changed the body").startsWith("\"1-");
        assertThat(after.data().at("/setup/revision").asLong()).isEqualTo(1);
        assertThat(after.data().at("/setup/updated_at")).isEqualTo(before.data().at("/setup/updated_at"));
    }

    @Test
    void the_etag_of_the_last_read_still_matches_after_a_verify() {
        setUp();
        String etag = server.api().provider(API_KEY).header("ETag");
        stub.answer(200, "{}");
        server.api().verify(API_KEY);

        ApiResponse patched = patch("{\"base_url\":\"" + stub.baseUrl() + "/v2\"}", Map.of("If-Match", etag));

        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    }

    @Test
    void verify_of_a_provider_that_is_not_set_up_is_a_409_setup_missing_problem() {
        ApiResponse answer = server.api().verify(API_KEY);

        assertProblem(answer, 409);
        assertThat(answer.json().get("type").asText()).endsWith("/setup-missing");
        assertThat(stub.requestCount()).isZero();
    }

    @Test
    void verify_after_a_reset_is_a_409_and_the_reset_cleared_last_verification() {
        setUp();
        stub.answer(200, "{}");
        server.api().verify(API_KEY);
        server.api().reset(API_KEY);

        assertProblem(server.api().verify(API_KEY), 409);
        setUp();
        assertThat(server.api().provider(API_KEY).data().at("/setup/last_verification").isNull()).isTrue();
    }

    @Test
    void a_new_setup_clears_last_verification() {
        setUp();
        stub.answer(200, "{}");
        server.api().verify(API_KEY);

        setUp();

        assertThat(server.api().provider(API_KEY).data().at("/setup/last_verification").isNull()).isTrue();
    }

    @Test
    void verify_with_a_read_key_is_403_and_calls_nothing() {
        setUp();
        Api reader = server.api().withKey(server.server().patchbay().keys().create("reader", KeyScope.READ));

        assertProblem(reader.verify(API_KEY), 403);
        assertThat(stub.requestCount()).isZero();
    }

    @Test
    void verify_of_an_unknown_provider_is_404() {
        assertProblem(server.api().verify("no-such-provider"), 404);
    }

    @Test
    void verify_with_a_stale_if_match_is_412_and_calls_nothing() {
        setUp();

        ApiResponse answer = server.api().send("POST", Api.PROVIDERS + "/" + API_KEY + "/verify", null, null,
                Map.of("If-Match", "\"7\""));

        assertProblem(answer, 412);
        assertThat(stub.requestCount()).isZero();
    }

    @Test
    void verify_of_a_provider_without_credentials_is_not_supported() {
        assertThat(server.api().setup("hacker-news", "{}").status()).isEqualTo(200);

        JsonNode result = server.api().verify("hacker-news").data();

        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("reason").asText()).isEqualTo("not_supported");
    }

    @Test
    void a_verify_racing_a_change_does_not_attach_its_result_to_the_newer_setup() {
        setUp();
        stub.onRequest(request -> {
            // The setup changes while its check is on the wire.
            assertThat(patch("{\"base_url\":\"" + stub.baseUrl() + "/v2\"}", Map.of()).status()).isEqualTo(200);
            return new MockResponse.Builder().code(200).body("{}").build();
        });

        ApiResponse answer = server.api().verify(API_KEY);

        assertProblem(answer, 409);
        ApiResponse provider = server.api().provider(API_KEY);
        assertThat(provider.header("ETag")).isEqualTo("\"2\"");
        assertThat(provider.data().at("/setup/last_verification").isNull()).isTrue();
        assertThat(server.api().get(AUDIT).data()).noneMatch(e -> e.get("action").asText().equals("provider.verified"));
    }

    @Test
    void post_with_verify_true_stores_the_setup_with_its_check_when_the_service_accepts_it() {
        stub.answer(200, "{}");

        ApiResponse answer = server.api().postJson(Api.PROVIDERS + "/" + API_KEY + "/setup?verify=true", config());

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header("ETag")).startsWith("\"1-");
        JsonNode check = answer.data().at("/setup/last_verification");
        assertThat(check.get("ok").asBoolean()).isTrue();
        assertThat(server.api().provider(API_KEY).data().at("/setup/last_verification")).isEqualTo(check);
        assertThat(stub.requestCount()).isEqualTo(1);
    }

    @Test
    void post_with_verify_true_that_the_service_rejects_is_a_422_and_stores_nothing() {
        stub.answer(401, "{}");

        ApiResponse answer = server.api().postJson(Api.PROVIDERS + "/" + API_KEY + "/setup?verify=true", config());

        assertProblem(answer, 422);
        assertThat(answer.json().get("type").asText()).endsWith("/verification-failed");
        assertThat(answer.json().get("detail").asText()).contains("rejected").contains("HTTP 401");
        assertThat(answer.json().at("/verification/reason").asText()).isEqualTo("rejected");
        ApiResponse provider = server.api().provider(API_KEY);
        assertThat(provider.data().get("setup_complete").asBoolean()).isFalse();
        assertThat(provider.header("ETag")).isEqualTo("\"0\"");
        assertThat(server.api().get(AUDIT).data()).isEmpty();
    }

    @Test
    void patch_with_verify_true_that_fails_keeps_the_stored_setup() {
        setUp();
        stub.answer(401, "{}");

        ApiResponse answer = server.api().send("PATCH", Api.PROVIDERS + "/" + API_KEY + "/setup?verify=true",
                "{\"api_key\":\"" + server.secret("new-key") + "\"}", "application/merge-patch+json", Map.of());

        assertProblem(answer, 422);
        assertThat(server.api().provider(API_KEY).header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void patch_with_verify_true_checks_the_merged_configuration_with_the_stored_secret() {
        String key = setUp();
        stub.answer(200, "{}");

        ApiResponse answer = server.api().send("PATCH", Api.PROVIDERS + "/" + API_KEY + "/setup?verify=true",
                "{\"base_url\":\"" + stub.baseUrl() + "/v2\"}", "application/merge-patch+json", Map.of());

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        var sent = stub.takeRequest();
        assertThat(sent.getTarget()).isEqualTo("/v2/v1/balance");
        assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + key);
    }

    @Test
    void dry_run_with_verify_true_checks_and_stores_nothing() {
        stub.answer(200, "{}");

        ApiResponse answer = server.api().postJson(Api.PROVIDERS + "/" + API_KEY + "/setup?dry_run=true&verify=true",
                config());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.data().get("valid").asBoolean()).isTrue();
        assertThat(stub.requestCount()).isEqualTo(1);
        assertThat(server.api().provider(API_KEY).header("ETag")).isEqualTo("\"0\"");
    }

    @Test
    void an_invalid_configuration_with_verify_true_is_a_422_validation_problem_and_calls_nothing() {
        ApiResponse answer = server.api().postJson(Api.PROVIDERS + "/" + API_KEY + "/setup?verify=true", "{}");

        assertProblem(answer, 422);
        assertThat(answer.json().get("type").asText()).endsWith("/validation-failed");
        assertThat(stub.requestCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"?verify=yes", "?verify=true&verify=false", "?check=true"})
    void a_bad_verify_parameter_is_a_400(String query) {
        assertProblem(server.api().postJson(Api.PROVIDERS + "/" + API_KEY + "/setup" + query, config()), 400);
    }

    @Test
    void a_query_parameter_on_verify_is_a_400() {
        setUp();

        assertProblem(server.api().send("POST", Api.PROVIDERS + "/" + API_KEY + "/verify?dry_run=true", null, null,
                Map.of()), 400);
    }

    @Test
    void a_verification_shows_on_another_instance_of_the_same_database() throws InterruptedException {
        assumeFalse(server.isSqlite(), "instances share a database only on PostgreSQL");
        setUp();
        TestServer other = server.anotherInstance();
        stub.answer(200, "{}");

        JsonNode result = server.api().verify(API_KEY).data();

        Api otherApi = other.api().withKey(server.server().adminKey());
        JsonNode seen = null;
        for (int i = 0; i < 50 && (seen == null || seen.isNull()); i++) {
            seen = otherApi.provider(API_KEY).data().at("/setup/last_verification");
            if (seen.isNull()) {
                Thread.sleep(100);
            }
        }
        assertThat(seen).isEqualTo(result);
    }

    /** Sets the api_key stub provider up pointing at the stub; returns the key. */
    private String setUp() {
        String key = server.secret("api-key");
        ApiResponse answer = server.api().setup(API_KEY, config(key));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return key;
    }

    private String config() {
        return config(server.secret("api-key"));
    }

    private String config(String key) {
        return "{\"api_key\":\"" + key + "\",\"base_url\":\"" + stub.baseUrl() + "\"}";
    }

    private ApiResponse patch(String json, Map<String, String> headers) {
        return server.api().send("PATCH", Api.PROVIDERS + "/" + API_KEY + "/setup", json,
                "application/merge-patch+json", headers);
    }
}

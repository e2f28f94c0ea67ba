package dev.patchbay.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.patchbay.http.SetupCalls.JSON;
import static dev.patchbay.http.SetupCalls.MASK;
import static dev.patchbay.http.SetupCalls.MERGE_PATCH;
import static dev.patchbay.http.SetupCalls.assertProblem;
import static dev.patchbay.http.SetupCalls.auditEvents;
import static dev.patchbay.http.SetupCalls.currentEtag;
import static dev.patchbay.http.SetupCalls.errorPointers;
import static dev.patchbay.http.SetupCalls.github;
import static dev.patchbay.http.SetupCalls.latestAuditEvent;
import static dev.patchbay.http.SetupCalls.patch;
import static dev.patchbay.http.SetupCalls.post;
import static dev.patchbay.http.SetupCalls.providerData;
import static dev.patchbay.http.SetupCalls.texts;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code ?dry_run=true} on POST and PATCH: validate, answer, store nothing. */
class DryRunTest {
    private static final String DRY_RUN = "?dry_run=true";
    private static final String VALID = "{\"data\":{\"valid\":true}}";

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    private Api api() {
        return server.api();
    }

    private String setUpGithub() {
        String secret = server.secret("stored");
        ApiResponse posted = api().setup("github", github("Iv1.stored", secret));
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        return secret;
    }

    /** Runs {@code write} and checks it answered valid while GET one, the ETag and the audit trail stayed as they were. */
    private void assertValidAndNothingStored(java.util.function.Supplier<ApiResponse> write) {
        JsonNode before = providerData(api(), "github");
        String etagBefore = currentEtag(api(), "github");
        int eventsBefore = auditEvents(api(), null).size();

        ApiResponse answer = write.get();

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.json()).isEqualTo(new ApiResponse(200, Map.of(), VALID).json());
        assertThat(currentEtag(api(), "github")).isEqualTo(etagBefore);
        assertThat(providerData(api(), "github")).isEqualTo(before);
        assertThat(auditEvents(api(), null)).hasSize(eventsBefore);
    }

    @Test
    void post_dry_run_answers_valid_and_stores_nothing() {
        assertValidAndNothingStored(() ->
                post(api(), "github", DRY_RUN, github("Iv1.dry", server.secret("dry")), Map.of()));
        assertThat(providerData(api(), "github").get("setup_complete").asBoolean()).isFalse();
        assertThat(currentEtag(api(), "github")).isEqualTo("\"0\"");
    }

    @Test
    void post_dry_run_on_a_set_up_provider_keeps_the_stored_setup() {
        String stored = setUpGithub();

        assertValidAndNothingStored(() ->
                post(api(), "github", DRY_RUN, github("Iv1.dry", server.secret("dry")), Map.of()));

        // Re-posting the original values changes no field: the dry run's secret was not stored.
        assertThat(api().setup("github", github("Iv1.stored", stored)).status()).isEqualTo(200);
        assertThat(texts(latestAuditEvent(api(), "github").get("changed_fields"))).isEmpty();
    }

    @Test
    void patch_dry_run_answers_valid_and_stores_nothing() {
        setUpGithub();

        assertValidAndNothingStored(() ->
                patch(api(), "github", DRY_RUN, "{\"client_id\":\"Iv1.dry\"}", MERGE_PATCH, Map.of()));
        assertThat(providerData(api(), "github").at("/setup/config/client_id").asText()).isEqualTo("Iv1.stored");
    }

    @Test
    void dry_run_false_stores_the_setup() {
        ApiResponse posted = post(api(), "github", "?dry_run=false", github("Iv1.real", server.secret("real")), Map.of());

        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        assertThat(posted.data().get("setup_complete").asBoolean()).isTrue();
        assertThat(currentEtag(api(), "github")).isEqualTo("\"1\"");
    }

    @Test
    void post_dry_run_with_an_invalid_body_is_422_with_errors() {
        ApiResponse answer = post(api(), "github", DRY_RUN, "{\"client_id\":\"Iv1.dry\"}", Map.of());

        assertProblem(answer, 422);
        assertThat(errorPointers(answer)).contains("/client_secret");
        assertThat(currentEtag(api(), "github")).isEqualTo("\"0\"");
    }

    @Test
    void post_dry_run_with_an_unresolvable_mask_is_422_with_errors() {
        ApiResponse answer = post(api(), "github", DRY_RUN, github("Iv1.dry", MASK), Map.of());

        assertProblem(answer, 422);
        assertThat(errorPointers(answer)).containsExactly("/client_secret");
    }

    @Test
    void patch_dry_run_with_an_invalid_result_is_422_with_errors() {
        setUpGithub();

        ApiResponse answer = patch(api(), "github", DRY_RUN, "{\"client_secret\":null}", MERGE_PATCH, Map.of());

        assertProblem(answer, 422);
        assertThat(errorPointers(answer)).contains("/client_secret");
        assertThat(currentEtag(api(), "github")).isEqualTo("\"1\"");
    }

    @Test
    void post_with_dry_run_maybe_is_400() {
        ApiResponse answer = post(api(), "github", "?dry_run=maybe", github("Iv1.dry", server.secret("dry")), Map.of());

        assertProblem(answer, 400);
        assertThat(currentEtag(api(), "github")).isEqualTo("\"0\"");
    }

    @Test
    void patch_with_dry_run_maybe_is_400() {
        setUpGithub();

        ApiResponse answer = patch(api(), "github", "?dry_run=maybe", "{\"client_id\":\"Iv1.x\"}", JSON, Map.of());

        assertProblem(answer, 400);
        assertThat(providerData(api(), "github").at("/setup/config/client_id").asText()).isEqualTo("Iv1.stored");
    }

    @Test
    void delete_with_dry_run_is_400_and_resets_nothing() {
        setUpGithub();
        JsonNode before = providerData(api(), "github");

        ApiResponse answer = api().send("DELETE", SetupCalls.setupPath("github") + DRY_RUN, null, null, Map.of());

        assertProblem(answer, 400);
        assertThat(providerData(api(), "github")).isEqualTo(before);
        assertThat(auditEvents(api(), null)).hasSize(1);
    }
}

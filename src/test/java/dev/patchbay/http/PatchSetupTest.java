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
import static dev.patchbay.http.SetupCalls.etag;
import static dev.patchbay.http.SetupCalls.github;
import static dev.patchbay.http.SetupCalls.latestAuditEvent;
import static dev.patchbay.http.SetupCalls.patch;
import static dev.patchbay.http.SetupCalls.providerData;
import static dev.patchbay.http.SetupCalls.texts;
import static org.assertj.core.api.Assertions.assertThat;

/** PATCH …/setup: JSON merge patch (RFC 7396) on the stored configuration. */
class PatchSetupTest {
    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    private Api api() {
        return server.api();
    }

    /** Sets github up with a distinctive secret and optional extra members; returns the secret. */
    private String setUpGithub(String extraMembers) {
        String secret = server.secret("github");
        String body = "{\"client_id\":\"Iv1.before\",\"client_secret\":\"" + secret + "\"" + extraMembers + "}";
        ApiResponse posted = api().setup("github", body);
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        return secret;
    }

    @Test
    void patch_with_merge_patch_json_changes_one_field_and_keeps_the_secret() {
        assertPatchChangesClientIdAndKeepsSecret(MERGE_PATCH);
    }

    @Test
    void patch_with_application_json_changes_one_field_and_keeps_the_secret() {
        assertPatchChangesClientIdAndKeepsSecret(JSON);
    }

    private void assertPatchChangesClientIdAndKeepsSecret(String contentType) {
        setUpGithub("");

        ApiResponse patched = patch(api(), "github", "", "{\"client_id\":\"Iv1.after\"}", contentType, Map.of());

        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.data().at("/setup/config/client_id").asText()).isEqualTo("Iv1.after");
        assertThat(patched.data().at("/setup/config/client_secret").asText()).isEqualTo(MASK);
        JsonNode event = latestAuditEvent(api(), "github");
        assertThat(event.get("action").asText()).isEqualTo("provider.updated");
        assertThat(texts(event.get("changed_fields"))).containsExactly("client_id");
        ApiResponse maskRoundTrip = api().setup("github", github("Iv1.after", MASK));
        assertThat(maskRoundTrip.status()).as(maskRoundTrip.body()).isEqualTo(200);
        assertThat(texts(latestAuditEvent(api(), "github").get("changed_fields"))).isEmpty();
    }

    @Test
    void patch_with_null_removes_an_optional_key() {
        setUpGithub(",\"scopes\":[\"repo\"]");
        assertThat(providerData(api(), "github").at("/setup/config").has("scopes")).isTrue();

        ApiResponse patched = patch(api(), "github", "{\"scopes\":null}");

        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.data().at("/setup/config").has("scopes")).isFalse();
        assertThat(providerData(api(), "github").at("/setup/config").has("scopes")).isFalse();
        assertThat(texts(latestAuditEvent(api(), "github").get("changed_fields"))).containsExactly("scopes");
    }

    @Test
    void patch_removing_a_required_key_is_422_and_changes_nothing() {
        setUpGithub("");
        JsonNode before = providerData(api(), "github");
        String etagBefore = currentEtag(api(), "github");

        ApiResponse patched = patch(api(), "github", "{\"client_secret\":null}");

        assertProblem(patched, 422);
        assertThat(patched.json().get("errors")).isNotEmpty();
        assertThat(SetupCalls.errorPointers(patched)).contains("/client_secret");
        assertThat(currentEtag(api(), "github")).isEqualTo(etagBefore).isEqualTo("\"1\"");
        assertThat(providerData(api(), "github")).isEqualTo(before);
        assertThat(auditEvents(api(), "github")).hasSize(1);
    }

    @Test
    void patch_on_a_provider_not_set_up_is_409_problem() {
        ApiResponse patched = patch(api(), "github", "{\"client_id\":\"Iv1.abc\"}");

        assertProblem(patched, 409);
        assertThat(patched.json().get("type").asText()).endsWith("/setup-missing");
        JsonNode after = providerData(api(), "github");
        assertThat(after.get("setup_complete").asBoolean()).isFalse();
        assertThat(after.get("setup").isNull()).isTrue();
        assertThat(currentEtag(api(), "github")).isEqualTo("\"0\"");
        assertThat(auditEvents(api(), "github")).isEmpty();
    }

    @Test
    void patch_after_a_reset_is_409_problem() {
        setUpGithub("");
        assertThat(api().reset("github").status()).isEqualTo(200);

        ApiResponse patched = patch(api(), "github", "{\"client_id\":\"Iv1.abc\"}");

        assertProblem(patched, 409);
        assertThat(currentEtag(api(), "github")).isEqualTo("\"2\"");
    }

    @Test
    void patch_with_a_body_that_is_not_an_object_is_422() {
        setUpGithub("");
        JsonNode before = providerData(api(), "github");

        ApiResponse patched = patch(api(), "github", "[1]");

        assertProblem(patched, 422);
        assertThat(providerData(api(), "github")).isEqualTo(before);
        assertThat(auditEvents(api(), "github")).hasSize(1);
    }

    @Test
    void patch_with_the_mask_keeps_the_secret() {
        setUpGithub("");

        ApiResponse patched = patch(api(), "github", "{\"client_secret\":\"" + MASK + "\"}");

        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.data().at("/setup/config/client_secret").asText()).isEqualTo(MASK);
        // changed_fields compares plaintexts: an empty list means the stored secret is the one set up.
        assertThat(texts(latestAuditEvent(api(), "github").get("changed_fields"))).isEmpty();
    }

    @Test
    void patch_with_text_plain_is_415_and_changes_nothing() {
        setUpGithub("");
        JsonNode before = providerData(api(), "github");

        ApiResponse patched = patch(api(), "github", "", "{\"client_id\":\"Iv1.abc\"}", "text/plain", Map.of());

        assertProblem(patched, 415);
        assertThat(providerData(api(), "github")).isEqualTo(before);
    }

    @Test
    void each_patch_increments_the_etag() {
        setUpGithub("");
        assertThat(currentEtag(api(), "github")).isEqualTo("\"1\"");

        ApiResponse first = patch(api(), "github", "{\"client_id\":\"Iv1.two\"}");
        ApiResponse second = patch(api(), "github", "{\"client_id\":\"Iv1.three\"}");

        assertThat(etag(first)).isEqualTo("\"2\"");
        assertThat(first.data().at("/setup/revision").asLong()).isEqualTo(2);
        assertThat(etag(second)).isEqualTo("\"3\"");
        assertThat(second.data().at("/setup/revision").asLong()).isEqualTo(3);
        assertThat(currentEtag(api(), "github")).isEqualTo("\"3\"");
    }
}

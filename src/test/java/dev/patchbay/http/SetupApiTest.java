package dev.patchbay.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static dev.patchbay.testing.Api.PROVIDERS;
import static org.assertj.core.api.Assertions.assertThat;

/** POST and DELETE {@code …/{provider_slug}/setup}: success shapes, the mask, every error row, reset. */
class SetupApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MASK = "********";
    private static final String GITHUB_SETUP = PROVIDERS + "/github/setup";
    private static final String CLIENT_ID = "Iv1.0123456789abcdef";
    /** One over github's {@code client_id} maxLength of 256. */
    private static final String TOO_LONG_CLIENT_ID = "i".repeat(257);
    /** Over the 64 KiB body limit, and otherwise a valid configuration. */
    private static final int OVER_LIMIT = 64 * 1024 + 1;

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    // --- POST: success ---

    @Test
    void first_setup_is_200_with_the_secret_masked_and_revision_1() {
        ApiResponse posted = server.api().setup("github", github(CLIENT_ID, server.secret("gh")));

        assertThat(posted.status()).isEqualTo(200);
        assertThat(posted.header("ETag")).isEqualTo("\"1\"");
        JsonNode data = posted.data();
        assertThat(data.get("setup_complete").asBoolean()).isTrue();
        JsonNode setup = data.get("setup");
        assertThat(setup.get("config")).isEqualTo(object(Map.of("client_id", CLIENT_ID, "client_secret", MASK)));
        assertThat(setup.get("secret_fields")).isEqualTo(JSON.valueToTree(new String[] {"client_secret"}));
        assertThat(setup.get("revision").asLong()).isEqualTo(1);
        assertThat(setup.get("updated_by").asText()).isEqualTo("admin");
        assertThat(setup.get("configured_at").asText()).isNotBlank();
        assertThat(setup.get("updated_at").asText()).isNotBlank();
    }

    @Test
    void second_setup_is_revision_2_and_keeps_configured_at() {
        ApiResponse first = server.api().setup("github", github(CLIENT_ID, server.secret("one")));
        ApiResponse second = server.api().setup("github", github("Iv1.other", server.secret("two")));

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.header("ETag")).isEqualTo("\"2\"");
        assertThat(second.data().at("/setup/revision").asLong()).isEqualTo(2);
        assertThat(second.data().at("/setup/config/client_id").asText()).isEqualTo("Iv1.other");
        assertThat(second.data().at("/setup/configured_at")).isEqualTo(first.data().at("/setup/configured_at"));
    }

    @Test
    void get_after_setup_shows_the_same_masked_setup_and_etag() {
        ApiResponse posted = server.api().setup("github", github(CLIENT_ID, server.secret("gh")));
        ApiResponse read = server.api().provider("github");

        assertThat(read.header("ETag")).isEqualTo(posted.header("ETag"));
        assertThat(read.data().get("setup")).isEqualTo(posted.data().get("setup"));
    }

    // --- the mask ---

    @Test
    void mask_for_a_stored_secret_keeps_it_and_counts_as_a_change() {
        server.api().setup("github", github(CLIENT_ID, server.secret("kept")));

        ApiResponse masked = server.api().setup("github", github("Iv1.renamed", MASK));

        assertThat(masked.status()).isEqualTo(200);
        assertThat(masked.header("ETag")).isEqualTo("\"2\"");
        assertThat(masked.data().at("/setup/config")).isEqualTo(
                object(Map.of("client_id", "Iv1.renamed", "client_secret", MASK)));
        assertThat(masked.data().at("/setup/secret_fields/0").asText()).isEqualTo("client_secret");
        // The audit names changed fields by comparing plaintexts: an unchanged secret is not among them.
        JsonNode event = server.api().get("/v1/admin/audit-events?provider_slug=github&limit=1").data().get(0);
        assertThat(event.get("revision").asLong()).isEqualTo(2);
        assertThat(event.get("changed_fields")).isEqualTo(JSON.valueToTree(new String[] {"client_id"}));
        // Only a stored value can satisfy a second mask: the first one must have kept one.
        assertThat(server.api().setup("github", github("Iv1.renamed", MASK)).status()).isEqualTo(200);
    }

    @Test
    void mask_with_nothing_stored_is_422_at_client_secret_and_stores_nothing() {
        ApiResponse masked = server.api().setup("github", github(CLIENT_ID, MASK));

        assertValidationError(masked, "/client_secret");
        ApiResponse read = server.api().provider("github");
        assertThat(read.data().get("setup_complete").asBoolean()).isFalse();
        assertThat(read.data().get("setup").isNull()).isTrue();
        assertThat(read.header("ETag")).isEqualTo("\"0\"");
    }

    // --- POST: the error table, each leaving the stored setup as it was ---

    @Test
    void body_that_is_not_json_is_400_and_changes_nothing() {
        ApiResponse before = setUpGithub();
        assertProblem(server.api().setup("github", "{\"client_id\": \"Iv1.x\", "), 400);
        assertUnchanged("github", before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "\"x\"", "42", "true", "null"})
    void json_that_is_not_an_object_is_422_and_changes_nothing(String body) {
        ApiResponse before = setUpGithub();
        assertProblem(server.api().setup("github", body), 422);
        assertUnchanged("github", before);
    }

    @Test
    void missing_required_field_is_422_at_its_pointer_and_changes_nothing() {
        ApiResponse before = setUpGithub();
        assertValidationError(server.api().setup("github", json(Map.of("client_id", CLIENT_ID))), "/client_secret");
        assertUnchanged("github", before);
    }

    @Test
    void unknown_field_is_422_at_its_pointer_and_changes_nothing() {
        ApiResponse before = setUpGithub();
        ObjectNode body = (ObjectNode) object(Map.of("client_id", CLIENT_ID, "client_secret", server.secret("gh2")));
        body.put("extra", "value");
        assertValidationError(server.api().setup("github", body.toString()), "/extra");
        assertUnchanged("github", before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e999999999", "-1e999999999", "1e-999999999"})
    void a_number_with_an_outsized_exponent_is_422_at_its_pointer_and_changes_nothing(String number) {
        // mailgun's base_url has an enum: the validator would write the number out in full to compare it.
        ApiResponse before = server.api().provider("mailgun");
        String body = "{\"domain\":\"mg.example.com\",\"api_key\":\"" + server.secret("mg")
                + "\",\"base_url\":" + number + "}";

        ApiResponse answer = server.api().setup("mailgun", body);

        assertValidationError(answer, "/base_url");
        assertThat(answer.body()).doesNotContain("999999999");
        assertUnchanged("mailgun", before);
    }

    @Test
    void wrong_type_is_422_at_its_pointer_and_changes_nothing() {
        ApiResponse before = setUpGithub();
        String body = json(Map.of("client_id", 42, "client_secret", server.secret("gh2")));
        assertValidationError(server.api().setup("github", body), "/client_id");
        assertUnchanged("github", before);
    }

    @Test
    void value_over_max_length_is_422_at_its_pointer_and_changes_nothing() {
        ApiResponse before = setUpGithub();
        assertValidationError(server.api().setup("github", github(TOO_LONG_CLIENT_ID, server.secret("gh2"))),
                "/client_id");
        assertUnchanged("github", before);
    }

    @Test
    void value_failing_its_pattern_is_422_at_its_pointer_and_changes_nothing() {
        ApiResponse before = setUp("shopify", shopify("shop.myshopify.com", server.secret("shop")));
        assertValidationError(server.api().setup("shopify", shopify("not a domain", server.secret("shop2"))),
                "/shop_domain");
        assertUnchanged("shopify", before);
    }

    @Test
    void body_over_64_kib_is_413_and_changes_nothing() {
        ApiResponse before = setUpGithub();
        String body = github(CLIENT_ID, server.secret("gh2") + " ".repeat(OVER_LIMIT));
        assertProblem(server.api().setup("github", body), 413);
        assertUnchanged("github", before);
    }

    @Test
    void body_without_content_type_is_415_and_changes_nothing() {
        ApiResponse before = setUpGithub();
        assertProblem(post(github(CLIENT_ID, server.secret("gh2")), null), 415);
        assertUnchanged("github", before);
    }

    @Test
    void body_sent_as_text_plain_is_415_and_changes_nothing() {
        ApiResponse before = setUpGithub();
        assertProblem(post(github(CLIENT_ID, server.secret("gh2")), "text/plain"), 415);
        assertUnchanged("github", before);
    }

    @Test
    void duplicate_keys_are_400_and_change_nothing() {
        ApiResponse before = setUpGithub();
        String body = "{\"client_id\":\"a\",\"client_id\":\"b\",\"client_secret\":\"" + server.secret("gh2") + "\"}";
        assertProblem(server.api().setup("github", body), 400);
        assertUnchanged("github", before);
    }

    @Test
    void empty_json_body_is_400_and_changes_nothing() {
        ApiResponse before = setUpGithub();
        assertProblem(post("", "application/json"), 400);
        assertUnchanged("github", before);
    }

    @Test
    void unknown_provider_is_404() {
        ApiResponse posted = server.api().setup("no-such-provider", github(CLIENT_ID, server.secret("gh")));
        assertProblem(posted, 404);
        assertProblem(server.api().provider("no-such-provider"), 404);
    }

    @Test
    void validation_errors_never_repeat_a_submitted_secret() {
        String secret = server.secret("long");
        String tooLong = (secret + "-").repeat(600 / secret.length() + 1);
        ApiResponse posted = server.api().setup("github", github(CLIENT_ID, tooLong));

        assertValidationError(posted, "/client_secret");
        assertThat(posted.body()).doesNotContain(secret);
    }

    // --- DELETE ---

    @Test
    void reset_is_200_with_no_setup_and_a_new_revision() {
        setUpGithub();

        ApiResponse reset = server.api().reset("github");

        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.header("ETag")).isEqualTo("\"2\"");
        assertThat(reset.data().get("setup_complete").asBoolean()).isFalse();
        assertThat(reset.data().get("setup").isNull()).isTrue();
        assertThat(server.api().provider("github").header("ETag")).isEqualTo("\"2\"");
    }

    @Test
    void reset_twice_is_200_and_keeps_the_revision() {
        setUpGithub();
        server.api().reset("github");

        ApiResponse again = server.api().reset("github");

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("ETag")).isEqualTo("\"2\"");
        assertThat(again.data().get("setup_complete").asBoolean()).isFalse();
    }

    @Test
    void reset_of_a_provider_never_set_up_is_200_at_revision_0() {
        ApiResponse reset = server.api().reset("github");

        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.header("ETag")).isEqualTo("\"0\"");
    }

    @Test
    void mask_after_reset_is_422_because_the_secret_is_gone() {
        setUpGithub();
        server.api().reset("github");

        assertValidationError(server.api().setup("github", github(CLIENT_ID, MASK)), "/client_secret");
        assertThat(server.api().provider("github").header("ETag")).isEqualTo("\"2\"");
    }

    @Test
    void setup_after_reset_continues_the_revision_and_starts_a_new_configured_at() {
        setUpGithub();
        server.api().reset("github");

        ApiResponse again = server.api().setup("github", github(CLIENT_ID, server.secret("again")));

        assertThat(again.header("ETag")).isEqualTo("\"3\"");
        // A first setup is configured when it is updated; a carried-over configured_at would be older.
        assertThat(again.data().at("/setup/configured_at")).isEqualTo(again.data().at("/setup/updated_at"));
    }

    // --- problem bodies ---

    @Test
    void problem_body_is_problem_json_with_request_id_matching_the_header() {
        ApiResponse problem = server.api().setup("github", "[]");

        assertThat(problem.contentType()).startsWith("application/problem+json");
        JsonNode body = problem.json();
        assertThat(body.get("type").asText()).isNotBlank();
        assertThat(body.get("title").asText()).isNotBlank();
        assertThat(body.get("status").asInt()).isEqualTo(422);
        assertThat(body.get("detail").asText()).isNotBlank();
        assertThat(body.get("request_id").asText()).isNotBlank().isEqualTo(problem.header("X-Request-Id"));
    }

    // --- other auth types ---

    @Test
    void api_key_provider_is_set_up_with_its_key_masked() {
        String key = "sk_test_" + server.secret("stripe").replace('-', '_');
        ApiResponse posted = server.api().setup("stripe", json(Map.of("api_key", key)));

        assertThat(posted.status()).isEqualTo(200);
        assertThat(posted.data().at("/setup/config")).isEqualTo(object(Map.of("api_key", MASK)));
        assertThat(posted.data().at("/setup/secret_fields/0").asText()).isEqualTo("api_key");
        // The extension's canary is the hyphenated form; this exact value is checked here.
        assertThat(posted.body()).doesNotContain(key);
        assertThat(server.api().provider("stripe").body()).doesNotContain(key);
        assertThat(server.logText()).doesNotContain(key);
    }

    @Test
    void api_key_without_the_sk_or_rk_prefix_is_422_at_api_key() {
        String key = "pk_live_" + server.secret("stripe").replace('-', '_');
        ApiResponse posted = server.api().setup("stripe", json(Map.of("api_key", key)));

        assertValidationError(posted, "/api_key");
        assertThat(posted.body()).doesNotContain(key);
        assertThat(server.api().provider("stripe").data().get("setup_complete").asBoolean()).isFalse();
    }

    @Test
    void provider_without_credentials_is_set_up_by_an_empty_object() {
        ApiResponse posted = server.api().setup("hacker-news", "{}");

        assertThat(posted.status()).isEqualTo(200);
        assertThat(posted.data().get("setup_complete").asBoolean()).isTrue();
        assertThat(posted.data().at("/setup/config")).isEqualTo(JSON.createObjectNode());
        assertThat(posted.data().at("/setup/secret_fields")).isEmpty();
        assertThat(posted.header("ETag")).isEqualTo("\"1\"");
    }

    // --- helpers ---

    private ApiResponse setUpGithub() {
        return setUp("github", github(CLIENT_ID, server.secret("stored")));
    }

    private ApiResponse setUp(String slug, String body) {
        ApiResponse posted = server.api().setup(slug, body);
        assertThat(posted.status()).as("setting up %s: %s", slug, posted.body()).isEqualTo(200);
        return posted;
    }

    private ApiResponse post(String body, String contentType) {
        return server.api().send("POST", GITHUB_SETUP, body, contentType, Map.of());
    }

    /** The provider still has the ETag and setup of {@code before}, a successful POST. */
    private void assertUnchanged(String slug, ApiResponse before) {
        ApiResponse now = server.api().provider(slug);
        assertThat(now.header("ETag")).isEqualTo(before.header("ETag"));
        assertThat(now.data().get("setup")).isEqualTo(before.data().get("setup"));
    }

    private static void assertProblem(ApiResponse response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("request_id").asText()).isEqualTo(response.header("X-Request-Id"));
    }

    private static void assertValidationError(ApiResponse response, String pointer) {
        assertProblem(response, 422);
        assertThat(response.json().get("errors").findValuesAsText("pointer")).contains(pointer);
    }

    private static String github(String clientId, String clientSecret) {
        return json(Map.of("client_id", clientId, "client_secret", clientSecret));
    }

    private static String shopify(String shopDomain, String clientSecret) {
        return json(Map.of("client_id", CLIENT_ID, "client_secret", clientSecret, "shop_domain", shopDomain));
    }

    private static JsonNode object(Map<String, ?> fields) {
        return JSON.valueToTree(fields);
    }

    private static String json(Map<String, ?> fields) {
        return object(fields).toString();
    }
}

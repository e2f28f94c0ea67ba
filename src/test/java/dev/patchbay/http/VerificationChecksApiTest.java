package dev.patchbay.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.ProviderStub;
import dev.patchbay.testing.StubDescriptors;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.patchbay.testing.StubDescriptors.API_KEY;
import static dev.patchbay.testing.StubDescriptors.BASIC;
import static dev.patchbay.testing.StubDescriptors.FORM_ANSWERS;
import static dev.patchbay.testing.StubDescriptors.GITHUB_LIKE;
import static dev.patchbay.testing.StubDescriptors.OAUTH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks behind {@code POST …/{provider_slug}/verify}, each against a {@link ProviderStub}
 * standing in for the external service (reached on 127.0.0.1, so private addresses are allowed here).
 */
class VerificationChecksApiTest {
    /** Short, so a timeout costs a second; every other stub answers at once. */
    static final String LIMIT_MS = "1000";

    private static final Path PROVIDERS = StubDescriptors.inTemporaryDirectory();

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(Map.of(
            "PATCHBAY_PROVIDERS_DIR", PROVIDERS.toString(),
            "PATCHBAY_VERIFY_ALLOW_PRIVATE", "true",
            "PATCHBAY_VERIFY_TIMEOUT_MS", LIMIT_MS));

    @RegisterExtension
    final ProviderStub stub = new ProviderStub();

    @RegisterExtension
    final ProviderStub elsewhere = new ProviderStub();

    private String secret;

    @Test
    void oauth2_invalid_grant_means_the_client_credentials_are_accepted() {
        setUpOAuth(OAUTH, stub.baseUrl());
        stub.answer(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Malformed auth code.\"}");

        JsonNode result = verify(OAUTH);

        assertThat(result.get("ok").asBoolean()).isTrue();
        assertThat(result.get("reason").isNull()).isTrue();
        assertThat(result.get("detail").asText()).contains("invalid_grant").contains("HTTP 400");
        assertThat(Instant.parse(result.get("checked_at").asText())).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void the_oauth2_check_posts_an_invalid_code_with_basic_client_authentication() {
        setUpOAuth(OAUTH, stub.baseUrl());
        stub.answer(400, "{\"error\":\"invalid_grant\"}");

        verify(OAUTH);

        RecordedRequest sent = stub.takeRequest();
        assertThat(sent.getMethod()).isEqualTo("POST");
        assertThat(sent.getTarget()).isEqualTo("/token");
        assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Basic " + base64("acme-client:" + secret));
        assertThat(sent.getHeaders().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(sent.getHeaders().get("Accept")).isEqualTo("application/json");
        String body = sent.getBody().utf8();
        assertThat(body).contains("grant_type=authorization_code").contains("code=").doesNotContain("client_secret");
    }

    @Test
    void the_redirect_uri_of_the_setup_goes_with_the_code() {
        setUp(OAUTH, "{\"client_id\":\"acme-client\",\"client_secret\":\"" + secret() + "\",\"base_url\":\""
                + stub.baseUrl() + "\",\"redirect_uri\":\"https://app.example.com/callback\"}");
        stub.answer(400, "{\"error\":\"invalid_grant\"}");

        verify(OAUTH);

        assertThat(stub.takeRequest().getBody().utf8())
                .contains("redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback");
    }

    @Test
    void oauth2_invalid_client_is_rejected() {
        setUpOAuth(OAUTH, stub.baseUrl());
        stub.answer(401, "{\"error\":\"invalid_client\"}");

        JsonNode result = verify(OAUTH);

        assertNotOk(result, "rejected");
        assertThat(result.get("detail").asText()).contains("invalid_client").contains("HTTP 401");
    }

    @Test
    void oauth2_http_401_without_an_error_code_is_rejected() {
        setUpOAuth(OAUTH, stub.baseUrl());
        stub.answer(401, "Unauthorized");

        assertNotOk(verify(OAUTH), "rejected");
    }

    @Test
    void an_oauth2_error_the_descriptor_does_not_list_is_not_ok() {
        setUpOAuth(OAUTH, stub.baseUrl());
        stub.answer(400, "{\"error\":\"unsupported_grant_type\"}");

        JsonNode result = verify(OAUTH);

        assertNotOk(result, "rejected");
        assertThat(result.get("detail").asText()).contains("did not confirm").contains("unsupported_grant_type");
    }

    @Test
    void github_style_200_with_an_accepted_error_code_is_ok() {
        setUpOAuth(GITHUB_LIKE, stub.baseUrl());
        stub.answer(200, "{\"error\":\"bad_verification_code\",\"error_description\":\"The code passed is incorrect or expired.\"}");

        JsonNode result = verify(GITHUB_LIKE);

        assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.get("detail").asText()).contains("bad_verification_code");
    }

    @Test
    void github_style_200_with_incorrect_client_credentials_is_rejected() {
        setUpOAuth(GITHUB_LIKE, stub.baseUrl());
        stub.answer(200, "{\"error\":\"incorrect_client_credentials\"}");

        assertNotOk(verify(GITHUB_LIKE), "rejected");
    }

    @Test
    void body_client_authentication_sends_the_credentials_as_form_parameters() {
        setUpOAuth(GITHUB_LIKE, stub.baseUrl());
        stub.answer(200, "{\"error\":\"bad_verification_code\"}");

        verify(GITHUB_LIKE);

        RecordedRequest sent = stub.takeRequest();
        assertThat(sent.getHeaders().get("Authorization")).isNull();
        assertThat(sent.getBody().utf8()).contains("client_id=acme-client").contains("client_secret=" + secret);
    }

    @Test
    void a_form_encoded_answer_is_read_for_its_error_code() {
        setUpOAuth(FORM_ANSWERS, stub.baseUrl());
        stub.enqueue(new MockResponse.Builder().code(400)
                .setHeader("Content-Type", "application/x-www-form-urlencoded")
                .body("error=invalid_grant&error_description=bad+code").build());

        JsonNode result = verify(FORM_ANSWERS);

        assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
        RecordedRequest sent = stub.takeRequest();
        assertThat(sent.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(sent.getHeaders().get("Accept")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(sent.getBody().utf8()).contains("\"grant_type\":\"authorization_code\"");
    }

    @Test
    void an_api_key_check_sends_the_bearer_credential_and_200_is_ok() {
        setUpApiKey(stub.baseUrl());
        stub.answer(200, "{\"available\":[]}");

        JsonNode result = verify(API_KEY);

        assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.get("detail").asText()).contains("HTTP 200");
        RecordedRequest sent = stub.takeRequest();
        assertThat(sent.getMethod()).isEqualTo("GET");
        assertThat(sent.getTarget()).isEqualTo("/v1/balance");
        assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + secret);
    }

    @Test
    void an_api_key_check_answered_401_is_rejected() {
        setUpApiKey(stub.baseUrl());
        stub.answer(401, "{\"error\":{\"message\":\"Invalid API Key provided\"}}");

        JsonNode result = verify(API_KEY);

        assertNotOk(result, "rejected");
        assertThat(result.get("detail").asText()).contains("HTTP 401");
    }

    @Test
    void a_status_the_descriptor_does_not_list_is_not_ok() {
        setUpApiKey(stub.baseUrl());
        stub.answer(404, "{}");

        JsonNode result = verify(API_KEY);

        assertNotOk(result, "rejected");
        assertThat(result.get("detail").asText()).contains("HTTP 404");
    }

    @Test
    void a_basic_check_sends_basic_authentication_from_two_fields() {
        secret = server.secret("token");
        setUp(BASIC, "{\"account\":\"AC123\",\"token\":\"" + secret + "\",\"base_url\":\"" + stub.baseUrl() + "/\"}");
        stub.answer(200, "{}");

        JsonNode result = verify(BASIC);

        assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
        RecordedRequest sent = stub.takeRequest();
        assertThat(sent.getTarget()).as("the trailing slash of base_url is dropped").isEqualTo("/accounts/AC123.json");
        assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Basic " + base64("AC123:" + secret));
    }

    @Test
    void a_server_error_is_unreachable() {
        setUpApiKey(stub.baseUrl());
        stub.answer(503, "{}");

        JsonNode result = verify(API_KEY);

        assertNotOk(result, "unreachable");
        assertThat(result.get("detail").asText()).contains("HTTP 503");
    }

    @Test
    void a_service_that_does_not_answer_in_time_is_a_timeout() {
        setUpApiKey(stub.baseUrl());
        stub.enqueue(new MockResponse.Builder().code(200).body("{}").headersDelay(5, TimeUnit.SECONDS).build());

        long started = System.nanoTime();
        JsonNode result = verify(API_KEY);

        assertNotOk(result, "timeout");
        assertThat(result.get("detail").asText()).contains("within 1 s");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(4_000);
    }

    @Test
    void a_body_that_does_not_arrive_in_time_is_a_timeout() {
        setUpOAuth(OAUTH, stub.baseUrl());
        stub.enqueue(new MockResponse.Builder().code(400).body("{\"error\":\"invalid_grant\"}")
                .bodyDelay(5, TimeUnit.SECONDS).build());

        assertNotOk(verify(OAUTH), "timeout");
    }

    @Test
    void a_refused_connection_is_unreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        setUpApiKey("http://127.0.0.1:" + closedPort);

        JsonNode result = verify(API_KEY);

        assertNotOk(result, "unreachable");
        assertThat(result.get("detail").asText()).contains("refused");
    }

    @Test
    void a_redirect_to_another_host_is_not_followed() {
        setUpApiKey(stub.baseUrl());
        stub.enqueue(new MockResponse.Builder().code(302)
                .setHeader("Location", elsewhere.baseUrl().replace("127.0.0.1", "localhost") + "/v1/balance").build());
        elsewhere.answer(200, "{}");

        JsonNode result = verify(API_KEY);

        assertNotOk(result, "unreachable");
        assertThat(result.get("detail").asText()).contains("HTTP 302").contains("redirect");
        assertThat(elsewhere.requestCount()).isZero();
    }

    @Test
    void a_secret_the_service_echoes_back_is_never_shown_logged_or_audited() {
        setUpOAuth(OAUTH, stub.baseUrl());
        stub.enqueue(new MockResponse.Builder().code(401).setHeader("Content-Type", "application/json")
                .setHeader("X-Echo", secret)
                .body("{\"error\":\"" + secret + "\",\"error_description\":\"client secret " + secret + " is wrong\"}")
                .build());

        JsonNode result = verify(OAUTH);

        assertNotOk(result, "rejected");
        assertThat(result.toString()).doesNotContain(secret).doesNotContain(secret.substring(0, 20));
        // The response, the provider resource, the audit trail and the log are searched for the secret
        // by the server extension after the test.
        assertThat(server.api().provider(OAUTH).status()).isEqualTo(200);
        assertThat(server.api().get("/v1/admin/audit-events?provider_slug=" + OAUTH).status()).isEqualTo(200);
    }

    @Test
    void an_error_code_is_kept_only_as_a_short_token() {
        setUpOAuth(OAUTH, stub.baseUrl());
        stub.answer(400, "{\"error\":\"<script>alert(1)</script> " + "x".repeat(500) + "\"}");

        String detail = verify(OAUTH).get("detail").asText();

        assertThat(detail).doesNotContain("<").doesNotContain(" x").doesNotContain("x".repeat(60));
    }

    private JsonNode verify(String slug) {
        ApiResponse answer = server.api().verify(slug);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        return answer.data();
    }

    private static void assertNotOk(JsonNode result, String reason) {
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isFalse();
        assertThat(result.get("reason").asText()).as(result.toString()).isEqualTo(reason);
        assertThat(result.get("detail").asText()).isNotBlank();
    }

    private void setUpOAuth(String slug, String baseUrl) {
        setUp(slug, "{\"client_id\":\"acme-client\",\"client_secret\":\"" + secret() + "\",\"base_url\":\"" + baseUrl + "\"}");
    }

    private void setUpApiKey(String baseUrl) {
        setUp(API_KEY, "{\"api_key\":\"" + secret() + "\",\"base_url\":\"" + baseUrl + "\"}");
    }

    private void setUp(String slug, String json) {
        ApiResponse answer = server.api().setup(slug, json);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    private String secret() {
        secret = server.secret("client");
        return secret;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}

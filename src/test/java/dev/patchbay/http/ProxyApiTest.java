package dev.patchbay.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.ConnectableProviders;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.ProviderStub;
import dev.patchbay.testing.oauth.ApiCall;
import dev.patchbay.testing.oauth.FakeOAuthExtension;
import dev.patchbay.testing.oauth.FakeOAuthServer;
import dev.patchbay.testing.oauth.IssuedTokens;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.patchbay.http.ConnectionCalls.CLIENT_ID;
import static dev.patchbay.http.ConnectionCalls.OAUTH;
import static dev.patchbay.http.ProxyCalls.PROXY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /v1/proxy/{id}/{path}} against the fake OAuth server's API and a MockWebServer: what is
 * forwarded, where the credential goes, and what comes back.
 */
class ProxyApiTest {
    private static final Path PROVIDERS = ConnectableProviders.inTemporaryDirectory();

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(Map.of(
            "PATCHBAY_PROVIDERS_DIR", PROVIDERS.toString(),
            "PATCHBAY_VERIFY_ALLOW_PRIVATE", "true",
            "PATCHBAY_VERIFY_TIMEOUT_MS", "2000"));

    @RegisterExtension
    final FakeOAuthExtension oauth = new FakeOAuthExtension();

    @RegisterExtension
    final ProviderStub stub = new ProviderStub();

    private Api api;
    private FakeOAuthServer fake;

    @BeforeEach
    void set_up_the_fake_provider() {
        api = server.api();
        fake = oauth.server();
        ConnectionCalls.setUpOAuth(server, fake, OAUTH);
    }

    @Test
    void get_user_sends_the_connections_bearer_token_and_answers_the_providers_json() {
        IssuedTokens tokens = fake.issueTokens(CLIENT_ID, List.of("read"));
        String id = imported(tokens, 3600L);

        ApiResponse user = api.get(PROXY + id + "/user");

        assertThat(user.status()).as(user.body()).isEqualTo(200);
        assertThat(user.contentType()).startsWith("application/json");
        assertThat(user.json().get("client_id").asText()).isEqualTo(CLIENT_ID);
        assertThat(fake.apiCalls()).extracting(ApiCall::token).containsExactly(tokens.accessRef());
        assertThat(fake.refreshGrantCount()).isZero();
    }

    @Test
    void every_method_forwards_its_path_query_and_body() {
        String id = imported(fake.issueTokens(CLIENT_ID, List.of("read")), 3600L);

        for (String method : List.of("GET", "DELETE", "OPTIONS", "POST", "PUT", "PATCH")) {
            boolean body = !method.equals("GET") && !method.equals("OPTIONS");
            String sent = body ? "{\"method\":\"" + method + "\",\"text\":\"caf\u00e9 & more\"}" : null;
            ApiResponse echo = api.send(method, PROXY + id + "/echo/a%20b/c?x=1&y=two%20words&y=3", sent,
                    body ? "application/json" : null, Map.of());

            assertThat(echo.status()).as(method + " " + echo.body()).isEqualTo(200);
            JsonNode seen = echo.json();
            assertThat(seen.get("method").asText()).isEqualTo(method);
            assertThat(seen.get("path").asText()).isEqualTo("/api/echo/a%20b/c");
            assertThat(seen.get("query").asText()).isEqualTo("x=1&y=two%20words&y=3");
            if (body) {
                assertThat(seen.get("body").asText()).isEqualTo(sent);
                assertThat(seen.at("/headers/content-type/0").asText()).startsWith("application/json");
            } else {
                assertThat(seen.get("body_length").asLong()).isZero();
            }
        }
        ApiResponse head = api.send("HEAD", PROXY + id + "/echo/x", null, null, Map.of());
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(fake.apiCalls()).extracting(ApiCall::method)
                .containsExactly("GET", "DELETE", "OPTIONS", "POST", "PUT", "PATCH", "HEAD");
    }

    @Test
    void a_large_body_is_streamed_to_the_provider_whole() {
        String id = imported(fake.issueTokens(CLIENT_ID, List.of("read")), 3600L);
        String large = "x".repeat(600_000);

        ApiResponse echo = api.send("POST", PROXY + id + "/echo", large, "text/plain", Map.of());

        assertThat(echo.status()).as(echo.body()).isEqualTo(200);
        assertThat(echo.json().get("body_length").asLong()).isEqualTo(600_000);
    }

    @Test
    void oauth2_tokens_go_in_authorization_bearer() {
        // The oauth2 connection's provider points at the stub for this test.
        ProxyCalls.setUp(api, OAUTH, stub.baseUrl(), Map.of("client_id", CLIENT_ID, "client_secret",
                server.secret("stub-client-secret")));
        IssuedTokens tokens = fake.issueTokens(CLIENT_ID, List.of("read"));
        String oauthId = imported(tokens, 3600L);
        stub.answer(200, "{}");

        assertThat(api.get(PROXY + oauthId + "/me").status()).isEqualTo(200);

        RecordedRequest sent = stub.takeRequest();
        assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + tokens.accessToken());
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/api/me");
    }

    @Test
    void an_api_key_goes_in_the_header_the_descriptor_names() {
        String key = "own-key-" + UUID.randomUUID();
        fake.settings().apiKey(key);
        ProxyCalls.setUp(api, ConnectableProviders.OWN_KEY, fake.baseUrl(), Map.of());
        String id = ProxyCalls.importKeyConnection(api, ConnectableProviders.OWN_KEY, Map.of("account_key", key));

        ApiResponse answer = api.get(PROXY + id + "/key");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("authenticated_by").asText()).isEqualTo("header");
        assertThat(server.logText()).doesNotContain(key);
    }

    @Test
    void an_api_key_goes_in_the_query_parameter_the_descriptor_names_and_the_callers_is_dropped() {
        // Not a planted secret: the echo below answers it, as the provider would.
        String key = "query-key-" + UUID.randomUUID();
        fake.settings().apiKey(key);
        ProxyCalls.setUp(api, ConnectableProviders.QUERY_KEY, fake.baseUrl(), Map.of("api_key", key));
        String id = ProxyCalls.importKeyConnection(api, ConnectableProviders.QUERY_KEY, Map.of());

        ApiResponse answer = api.get(PROXY + id + "/key?api_key=callers-own&page=2");
        ApiResponse echo = api.get(PROXY + id + "/echo?api_key=callers-own&page=2");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("authenticated_by").asText()).isEqualTo("query");
        assertThat(echo.status()).isEqualTo(200);
        // The echo answers the key itself: it is read here, never printed.
        String query = echo.json().get("query").asText();
        assertThat(query).startsWith("page=2&api_key=").doesNotContain("callers-own");
        assertThat(query.substring("page=2&api_key=".length())).isEqualTo(key);
        assertThat(server.logText()).doesNotContain(key);
    }

    @Test
    void the_next_call_after_a_setup_change_carries_the_new_setup() {
        String first = "query-key-" + UUID.randomUUID();
        String second = "query-key-" + UUID.randomUUID();
        ProxyCalls.setUp(api, ConnectableProviders.QUERY_KEY, fake.baseUrl(), Map.of("api_key", first));
        String id = ProxyCalls.importKeyConnection(api, ConnectableProviders.QUERY_KEY, Map.of());
        ApiResponse before = api.get(PROXY + id + "/echo");

        ProxyCalls.setUp(api, ConnectableProviders.QUERY_KEY, fake.baseUrl(), Map.of("api_key", second));
        ApiResponse after = api.get(PROXY + id + "/echo");

        assertThat(before.status()).as(before.body()).isEqualTo(200);
        assertThat(after.status()).as(after.body()).isEqualTo(200);
        // The echo answers the key itself: compared here, never printed.
        assertThat(before.json().get("query").asText().equals("api_key=" + first)).isTrue();
        assertThat(after.json().get("query").asText().equals("api_key=" + second)).isTrue();
    }

    @Test
    void a_basic_credential_goes_in_basic_authentication() {
        fake.settings().basicCredentials("acct-1", "pass word:1");
        ProxyCalls.setUp(api, ConnectableProviders.BASIC, fake.baseUrl(), Map.of());
        String id = ProxyCalls.importKeyConnection(api, ConnectableProviders.BASIC,
                Map.of("username", "acct-1", "password", "pass word:1"));

        ApiResponse answer = api.get(PROXY + id + "/key");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("authenticated_by").asText()).isEqualTo("basic");
    }

    @Test
    void patchbays_key_cookies_hop_by_hop_and_control_headers_are_not_forwarded() {
        String key = "stub-key-" + UUID.randomUUID();
        String id = ProxyCalls.stubConnection(api, stub.baseUrl(), key);
        stub.answer(200, "{\"ok\":true}");

        ApiResponse answer = api.send("POST", PROXY + id + "/things?q=1", "{\"a\":1}", "application/json", Map.of(
                "Cookie", "session=abc", "Keep-Alive", "timeout=5", "Proxy-Authorization", "Basic eDp5",
                "Patchbay-Proxy-Retries", "0", "X-Custom", "kept", "Accept", "application/json",
                "Connection", "X-Hop", "X-Hop", "dropped"));

        assertThat(answer.status()).isEqualTo(200);
        RecordedRequest sent = stub.takeRequest();
        assertThat(sent.getHeaders().get("X-Api-Key")).isEqualTo(key);
        assertThat(sent.getHeaders().values("X-Api-Key")).hasSize(1);
        assertThat(sent.getHeaders().get("X-Custom")).isEqualTo("kept");
        assertThat(sent.getHeaders().get("Accept")).isEqualTo("application/json");
        assertThat(sent.getHeaders().names()).map(String::toLowerCase).doesNotContain("cookie", "keep-alive",
                "proxy-authorization", "patchbay-proxy-retries", "x-hop", "authorization");
        assertThat(sent.getHeaders().toString()).doesNotContain(server.server().adminKey());
        assertThat(sent.getBody().utf8()).isEqualTo("{\"a\":1}");
    }

    @Test
    void the_providers_status_and_headers_come_back_but_not_hop_by_hop_ones() {
        String id = ProxyCalls.stubConnection(api, stub.baseUrl(), "k");
        stub.enqueue(new MockResponse.Builder().code(418).setHeader("Content-Type", "text/plain")
                .setHeader("X-Rate-Limit-Remaining", "41").addHeader("Set-Cookie", "a=1").addHeader("Set-Cookie", "b=2")
                .setHeader("Keep-Alive", "timeout=5").body("short and stout").build());

        ApiResponse answer = api.get(PROXY + id + "/teapot");

        assertThat(answer.status()).isEqualTo(418);
        assertThat(answer.body()).isEqualTo("short and stout");
        assertThat(answer.header("X-Rate-Limit-Remaining")).isEqualTo("41");
        assertThat(answer.headers().get("Set-Cookie")).containsExactly("a=1", "b=2");
        assertThat(answer.header("Keep-Alive")).isNull();
        assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void a_redirect_is_passed_back_not_followed() {
        String id = imported(fake.issueTokens(CLIENT_ID, List.of("read")), 3600L);

        ApiResponse answer = api.visit(PROXY + id + "/redirect?to=http://127.0.0.1:9/elsewhere");

        assertThat(answer.status()).isEqualTo(302);
        assertThat(answer.header("Location")).isEqualTo("http://127.0.0.1:9/elsewhere");
        assertThat(fake.apiCalls()).extracting(ApiCall::path).containsExactly("/api/redirect");
    }

    @Test
    void a_401_refreshes_the_token_once_and_retries_with_the_new_one() {
        IssuedTokens first = fake.issueTokens(CLIENT_ID, List.of("read"));
        String id = imported(first, 3600L);
        // The provider revoked the token early: only the 401 tells.
        fake.expireAccessTokens();

        ApiResponse user = api.get(PROXY + id + "/user");

        assertThat(user.status()).as(user.body()).isEqualTo(200);
        assertThat(fake.refreshGrantCount()).isEqualTo(1);
        List<ApiCall> calls = fake.apiCalls();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).token()).isEqualTo(first.accessRef());
        assertThat(calls.get(1).token()).isNotEqualTo(first.accessRef());
        assertThat(server.logText()).doesNotContain(first.accessToken(), first.refreshToken());
    }

    @Test
    void a_401_to_a_streamed_body_is_passed_back_without_a_refresh_or_a_retry() {
        ProxyCalls.setUp(api, OAUTH, stub.baseUrl(), Map.of("client_id", CLIENT_ID, "client_secret",
                server.secret("stub-client-secret")));
        String id = imported(fake.issueTokens(CLIENT_ID, List.of("read")), 3600L);
        stub.enqueue(new MockResponse.Builder().code(401).setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                .setHeader("Content-Type", "application/json").body("{\"error\":\"invalid_token\"}").build());

        // Larger than the 256 KiB held for a replay: streamed, so it cannot be sent again.
        ApiResponse answer = api.send("POST", PROXY + id + "/upload", "y".repeat(300_000), "text/plain", Map.of());

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("WWW-Authenticate")).contains("invalid_token");
        assertThat(stub.requestCount()).as("no refresh at the stub's token URL, no second call").isEqualTo(1);
        assertThat(stub.takeRequest().getBody().size()).isEqualTo(300_000);
    }

    @Test
    void a_429_is_retried_after_retry_after_when_the_caller_asks() {
        String id = imported(fake.issueTokens(CLIENT_ID, List.of("read")), 3600L);
        fake.flaky(2, 429, Duration.ofSeconds(1));

        ApiResponse answer = api.send("GET", PROXY + id + "/flaky", null, null, Map.of("Patchbay-Proxy-Retries", "3"));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("call").asInt()).isEqualTo(3);
        assertThat(fake.flakyCalls()).isEqualTo(3);
    }

    @Test
    void without_the_header_a_503_comes_back_as_the_provider_sent_it() {
        String id = imported(fake.issueTokens(CLIENT_ID, List.of("read")), 3600L);
        fake.flaky(1, 503, Duration.ofSeconds(1));

        ApiResponse answer = api.get(PROXY + id + "/flaky");

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).isEqualTo("1");
        assertThat(answer.json().get("error").asText()).isEqualTo("try again later");
        assertThat(fake.flakyCalls()).isEqualTo(1);
    }

    @Test
    void a_post_is_never_retried_even_when_the_caller_asks() {
        String id = imported(fake.issueTokens(CLIENT_ID, List.of("read")), 3600L);
        fake.flaky(1, 503, Duration.ofSeconds(1));

        ApiResponse answer = api.send("POST", PROXY + id + "/flaky", "{}", "application/json",
                Map.of("Patchbay-Proxy-Retries", "5"));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(fake.flakyCalls()).isEqualTo(1);
    }

    @Test
    void retries_outside_zero_to_five_are_400_and_nothing_is_sent() {
        String id = imported(fake.issueTokens(CLIENT_ID, List.of("read")), 3600L);

        ApiResponse answer = api.send("GET", PROXY + id + "/flaky", null, null, Map.of("Patchbay-Proxy-Retries", "6"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(fake.flakyCalls()).isZero();
    }

    @Test
    void a_connection_that_needs_reauthorization_is_409_and_nothing_is_sent() {
        IssuedTokens tokens = fake.issueTokens(CLIENT_ID, List.of("read"));
        String id = imported(tokens, 30L);
        fake.failNextTokenCalls(1, dev.patchbay.testing.oauth.TokenFault.error("invalid_grant"));

        ApiResponse first = api.get(PROXY + id + "/user");
        ApiResponse second = api.get(PROXY + id + "/user");

        assertThat(first.status()).isEqualTo(409);
        assertThat(first.json().get("type").asText()).endsWith("/connection-needs-reauth");
        assertThat(second.json().get("type").asText()).endsWith("/connection-needs-reauth");
        assertThat(fake.apiCalls()).isEmpty();
    }

    @Test
    void a_disconnected_connection_is_409_and_nothing_is_sent() {
        String id = imported(fake.issueTokens(CLIENT_ID, List.of("read")), 3600L);
        assertThat(api.delete(ConnectionCalls.CONNECTIONS + "/" + id).status()).isEqualTo(200);

        ApiResponse answer = api.get(PROXY + id + "/user");

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.json().get("type").asText()).endsWith("/connection-disconnected");
        assertThat(fake.apiCalls()).isEmpty();
    }

    @Test
    void a_provider_whose_descriptor_has_no_api_block_is_409_proxy_unsupported() {
        ProxyCalls.setUp(api, ConnectableProviders.SHARED_KEY, stub.baseUrl(), Map.of("api_key", "shared-key"));
        String id = ProxyCalls.importKeyConnection(api, ConnectableProviders.SHARED_KEY, Map.of());

        ApiResponse answer = api.get(PROXY + id + "/user");

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.json().get("type").asText()).endsWith("/proxy-unsupported");
        assertThat(stub.requestCount()).isZero();
    }

    @Test
    void an_unknown_connection_is_404() {
        assertThat(api.get(PROXY + UUID.randomUUID() + "/user").status()).isEqualTo(404);
        assertThat(api.get(PROXY + "not-a-uuid/user").status()).isEqualTo(404);
    }

    @Test
    void a_read_key_may_not_proxy_even_a_get_and_a_connect_key_may() {
        String id = imported(fake.issueTokens(CLIENT_ID, List.of("read")), 3600L);
        String readKey = server.server().patchbay().keys().create("dashboard", dev.patchbay.auth.KeyScope.READ);
        String connectKey = server.server().patchbay().keys().create("backend", dev.patchbay.auth.KeyScope.CONNECT);

        ApiResponse read = api.withKey(readKey).get(PROXY + id + "/user");
        ApiResponse connect = api.withKey(connectKey).get(PROXY + id + "/user");

        assertThat(read.status()).isEqualTo(403);
        assertThat(connect.status()).isEqualTo(200);
        assertThat(fake.apiCalls()).hasSize(1);
    }

    @Test
    void calls_are_counted_by_provider_and_status_class() {
        String id = imported(fake.issueTokens(CLIENT_ID, List.of("read")), 3600L);
        api.get(PROXY + id + "/user");
        api.get(PROXY + id + "/nowhere");

        String metrics = api.get("/metrics").body();

        assertThat(metrics).containsPattern("patchbay_proxy_requests_total\\{[^}]*outcome=\"2xx\"[^}]*\\} 1\\.0|"
                + "patchbay_proxy_requests_total\\{provider=\"fake-oauth\",outcome=\"2xx\"\\} 1\\.0");
        assertThat(metrics).contains("provider=\"fake-oauth\"").contains("outcome=\"4xx\"");
    }

    private String imported(IssuedTokens tokens, Long expiresIn) {
        ApiResponse created = ConnectionCalls.importConnection(api,
                ConnectionCalls.oauthBody(OAUTH, "user-1", tokens, expiresIn, Map.of()), UUID.randomUUID().toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.data().get("id").asText();
    }
}

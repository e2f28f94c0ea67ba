package dev.patchbay.http;

import dev.patchbay.auth.KeyScope;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.ConnectableProviders;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.RawHttp;
import dev.patchbay.testing.TestDatabase;
import dev.patchbay.testing.oauth.FakeOAuthExtension;
import dev.patchbay.testing.oauth.IssuedTokens;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.patchbay.http.ConnectionCalls.CLIENT_ID;
import static dev.patchbay.http.ConnectionCalls.CONNECTIONS;
import static dev.patchbay.http.ConnectionCalls.OAUTH;
import static dev.patchbay.http.ConnectionCalls.connect;
import static dev.patchbay.http.ConnectionCalls.credentials;
import static dev.patchbay.http.ConnectionCalls.importConnection;
import static dev.patchbay.http.ConnectionCalls.oauthBody;
import static dev.patchbay.http.ProvidersApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fresh credentials read, which {@link CredentialsReadShortcut} answers in front of Javalin, answers
 * as the route does: the same bytes and headers as a read with a query (which only the route answers),
 * the same refusals, metrics and access-log line, and always the stored row as it is now.
 */
class CredentialsShortcutTest {
    private static final Path PROVIDERS = ConnectableProviders.inTemporaryDirectory();
    private static final String REQUEST_ID = "shortcut-compare-1";
    /** A read the shortcut passes on: only the route reads a query. 60 s is within the token's hour. */
    private static final String THROUGH_THE_ROUTE = "?min_ttl=60";

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(Map.of(
            "PATCHBAY_PROVIDERS_DIR", PROVIDERS.toString(),
            "PATCHBAY_VERIFY_ALLOW_PRIVATE", "true",
            "PATCHBAY_VERIFY_TIMEOUT_MS", "2000"));

    @RegisterExtension
    final FakeOAuthExtension oauth = new FakeOAuthExtension();

    private Api api;

    @BeforeEach
    void set_up_the_fake_provider() {
        api = server.api();
        ConnectionCalls.setUpOAuth(server, oauth.server(), OAUTH);
    }

    @Test
    void a_fresh_oauth_token_is_answered_with_the_routes_bytes_and_headers() {
        String id = connect(api, oauth.server(), OAUTH, "user-1", 3600L);

        assertSameAnswers(id, Map.of());
    }

    @Test
    void a_token_without_expiry_is_answered_with_the_routes_bytes_and_headers() {
        String id = connect(api, oauth.server(), OAUTH, "user-1", null);

        assertSameAnswers(id, Map.of());
    }

    @Test
    void an_api_key_connection_is_answered_with_the_routes_bytes_and_headers() {
        assertThat(api.setup(ConnectableProviders.OWN_KEY, "{\"base_url\":\"" + oauth.server().baseUrl() + "\"}")
                .status()).isEqualTo(200);
        String body = "{\"provider_slug\":\"" + ConnectableProviders.OWN_KEY + "\",\"owner\":\"tenant-9\","
                + "\"credential\":{\"account_key\":\"k\\u00e9y-\\u2603-\\\"q\\\"-\\u0001\",\"region\":\"eu\"}}";
        ApiResponse created = importConnection(api, body, "own-key");
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        assertSameAnswers(created.data().get("id").asText(), Map.of());
    }

    @Test
    void a_client_that_accepts_gzip_gets_the_routes_answer() {
        String id = connect(api, oauth.server(), OAUTH, "user-1", 3600L);

        assertSameAnswers(id, Map.of("Accept-Encoding", "gzip"));
    }

    @Test
    void a_credential_long_enough_to_compress_is_compressed_for_a_client_that_accepts_it_as_before() {
        String body = "{\"provider_slug\":\"" + OAUTH + "\",\"owner\":\"user-1\","
                + "\"credential\":{\"access_token\":\"" + "t".repeat(2000) + "\",\"expires_in\":3600}}";
        ApiResponse created = importConnection(api, body, "long-token");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.data().get("id").asText();

        assertSameAnswers(id, Map.of());
        assertSameAnswers(id, Map.of("Accept-Encoding", "gzip"));
        assertThat(raw(id, "", Map.of("Accept-Encoding", "gzip")).header("Content-Encoding")).isEqualTo("gzip");
    }

    @Test
    void a_connect_key_reads_and_its_name_is_in_the_access_log_without_the_token() {
        Api app = api.withKey(server.server().patchbay().keys().create("backend-app", KeyScope.CONNECT));
        IssuedTokens tokens = oauth.server().issueTokens(CLIENT_ID, List.of("read"));
        String id = importConnection(api, oauthBody(OAUTH, "user-1", tokens, 3600L, Map.of()), "log-check")
                .data().get("id").asText();

        ApiResponse read = app.send("GET", CONNECTIONS + "/" + id + "/credentials", null, null,
                Map.of(RequestIds.HEADER, "log-line-check"));

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.data().get("access_token").asText()).isEqualTo(tokens.accessToken());
        assertThat(server.logText()).contains("GET /v1/connections/{id}/credentials status=200")
                .contains("request_id=log-line-check key=backend-app")
                .doesNotContain(tokens.accessToken()).doesNotContain(id + "/credentials");
    }

    @Test
    void each_read_counts_in_the_routes_metric_series() {
        String id = connect(api, oauth.server(), OAUTH, "user-1", 3600L);

        credentials(api, id, "");
        credentials(api, id, "");
        credentials(api, id, THROUGH_THE_ROUTE);

        assertThat(api.withKey(null).get(MetricsRoutes.PATH).body()).contains("patchbay_http_requests_total{"
                + "method=\"GET\",route=\"/v1/connections/{id}/credentials\",status=\"200\"} 3.0\n");
    }

    @Test
    void a_read_key_is_refused_with_403_as_before() {
        String id = connect(api, oauth.server(), OAUTH, "user-1", 3600L);
        Api reader = api.withKey(server.server().patchbay().keys().create("reader", KeyScope.READ));

        assertProblem(credentials(reader, id, ""), 403);
    }

    @Test
    void wrong_keys_are_401_up_to_the_limit_and_then_429() {
        String id = connect(api, oauth.server(), OAUTH, "user-1", 3600L);
        Api wrong = api.withKey("pb_wrong-key-this-server-never-made");
        for (int i = 0; i < 20; i++) {
            assertProblem(credentials(wrong, id, ""), 401);
        }

        ApiResponse throttled = credentials(wrong, id, "");

        assertProblem(throttled, 429);
        assertThat(throttled.header("Retry-After")).isNotNull();
        assertThat(credentials(api, id, "").status()).isEqualTo(200);
    }

    @Test
    void an_unknown_connection_is_404_and_a_disconnected_one_409_as_before() {
        String id = connect(api, oauth.server(), OAUTH, "user-1", 3600L);
        assertThat(credentials(api, id, "").status()).isEqualTo(200);

        assertThat(api.delete(CONNECTIONS + "/" + id).status()).isEqualTo(200);

        assertProblem(credentials(api, id, ""), 409);
        assertProblem(credentials(api, "0190a3c4-0000-7000-8000-000000000000", ""), 404);
    }

    @Test
    void a_connection_disconnected_by_another_instance_is_409_at_once() {
        Assumptions.assumeTrue(TestDatabase.isPostgresRun(), "two instances share a database only on PostgreSQL");
        String id = connect(api, oauth.server(), OAUTH, "user-1", 3600L);
        assertThat(credentials(api, id, "").status()).isEqualTo(200);
        Api other = server.anotherInstance().api().withKey(server.server().adminKey());

        assertThat(other.delete(CONNECTIONS + "/" + id).status()).isEqualTo(200);

        assertProblem(credentials(api, id, ""), 409);
    }

    /**
     * A read the shortcut answers and one that only the route answers, on raw sockets with the same
     * request id: equal but for the Date header.
     */
    private void assertSameAnswers(String id, Map<String, String> headers) {
        ApiResponse fast = raw(id, "", headers);
        ApiResponse routed = raw(id, THROUGH_THE_ROUTE, headers);

        assertThat(fast.status()).as(fast.body()).isEqualTo(200);
        assertThat(fast.body()).isEqualTo(routed.body());
        assertThat(withoutDate(fast)).isEqualTo(withoutDate(routed));
        assertThat(fast.header("Cache-Control")).isEqualTo("no-store");
        assertThat(fast.header("Pragma")).isEqualTo("no-cache");
        assertThat(fast.header("X-Request-Id")).isEqualTo(REQUEST_ID);
    }

    private ApiResponse raw(String id, String query, Map<String, String> extra) {
        Map<String, String> headers = new java.util.LinkedHashMap<>(extra);
        headers.put("X-API-Key", server.server().adminKey());
        headers.put(RequestIds.HEADER, REQUEST_ID);
        int port = URI.create(server.server().baseUrl()).getPort();
        String path = CONNECTIONS + "/" + id + "/credentials" + query;
        ApiResponse answer = RawHttp.exchange(port, "GET", path, headers, null, Duration.ofSeconds(5));
        server.record(answer);
        return answer;
    }

    private static List<String> withoutDate(ApiResponse answer) {
        List<String> lines = new ArrayList<>();
        answer.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Date")) {
                lines.add(name.toLowerCase(java.util.Locale.ROOT) + ": " + values);
            }
        });
        return lines;
    }
}

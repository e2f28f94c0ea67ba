package dev.patchbay.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.cli.Main;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.ConnectableProviders;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.oauth.FakeOAuthExtension;
import dev.patchbay.testing.oauth.FakeOAuthServer;
import dev.patchbay.testing.oauth.IssuedTokens;
import dev.patchbay.testing.oauth.TokenFault;
import dev.patchbay.testing.oauth.TokenRef;
import dev.patchbay.testing.oauth.TokenRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.patchbay.http.ConnectionCalls.CLIENT_ID;
import static dev.patchbay.http.ConnectionCalls.CONNECTIONS;
import static dev.patchbay.http.ConnectionCalls.OAUTH;
import static dev.patchbay.http.ConnectionCalls.accessToken;
import static dev.patchbay.http.ConnectionCalls.credentials;
import static dev.patchbay.http.ConnectionCalls.importConnection;
import static dev.patchbay.http.ConnectionCalls.oauthBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v1/connections/{id}/credentials} against a fake OAuth provider: when it refreshes, how
 * often, what it sends, and what a failed refresh does to the connection.
 */
class ConnectionRefreshTest {
    private static final Path PROVIDERS = ConnectableProviders.inTemporaryDirectory();
    /** Within the default min_ttl of 300 s: a credentials read refreshes first. */
    private static final long EXPIRING = 60;

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(Map.of(
            "PATCHBAY_PROVIDERS_DIR", PROVIDERS.toString(),
            "PATCHBAY_VERIFY_ALLOW_PRIVATE", "true",
            "PATCHBAY_VERIFY_TIMEOUT_MS", "2000"));

    @RegisterExtension
    final FakeOAuthExtension oauth = new FakeOAuthExtension();

    private Api api;
    private FakeOAuthServer fake;
    /** Every answer but those of GET …/credentials, the one call that hands tokens out. */
    private final List<ApiResponse> notCredentials = new ArrayList<>();

    @BeforeEach
    void set_up_the_fake_provider() {
        api = server.api();
        fake = oauth.server();
        ConnectionCalls.setUpOAuth(server, fake, OAUTH);
    }

    @Test
    void a_token_that_stays_valid_long_enough_is_handed_out_without_a_refresh() {
        IssuedTokens tokens = fake.issueTokens(CLIENT_ID, List.of("read"));
        String id = imported(tokens, 3600L);

        ApiResponse read = credentials(api, id, "");

        assertThat(accessToken(read)).isEqualTo(tokens.accessToken());
        assertThat(read.data().get("type").asText()).isEqualTo("oauth2");
        assertThat(read.data().get("token_type").asText()).isEqualTo("Bearer");
        assertThat(read.header("Cache-Control")).isEqualTo("no-store");
        assertThat(fake.refreshGrantCount()).isZero();
    }

    @Test
    void an_expiring_token_is_refreshed_and_a_rotated_refresh_token_is_never_sent_again() {
        IssuedTokens first = fake.issueTokens(CLIENT_ID, List.of("read"));
        String id = imported(first, EXPIRING);

        String refreshed = accessToken(credentials(api, id, ""));
        String forced = accessToken(credentials(api, id, "?force_refresh=true"));
        String again = accessToken(credentials(api, id, "?force_refresh=true"));

        assertThat(refreshed).isNotEqualTo(first.accessToken());
        assertThat(forced).isNotEqualTo(refreshed);
        assertThat(again).isNotEqualTo(forced);
        assertThat(fake.isLive(again)).isTrue();
        List<TokenRef> sent = refreshTokensSent();
        assertThat(sent).hasSize(3).doesNotHaveDuplicates().doesNotContainNull();
        assertThat(sent.get(0)).isEqualTo(first.refreshRef());
        assertThat(fake.tokenRequests()).allMatch(TokenRequest::succeeded);
        JsonNode connection = get(id);
        assertThat(connection.get("status").asText()).isEqualTo("active");
        assertThat(connection.get("last_refreshed_at").isNull()).isFalse();
        assertThat(Instant.parse(connection.get("expires_at").asText())).isAfter(Instant.now().plusSeconds(3000));
        assertThat(api.get("/metrics").body()).contains("patchbay_connection_refreshes_total{outcome=\"refreshed\"} 3.0");
        assertNoTokenOutsideCredentials(first.accessToken(), first.refreshToken(), refreshed, forced, again);
    }

    @Test
    void an_answer_without_a_refresh_token_keeps_the_old_one() {
        fake.settings().rotation(false);
        IssuedTokens first = fake.issueTokens(CLIENT_ID, List.of("read"));
        String id = imported(first, EXPIRING);

        accessToken(credentials(api, id, ""));
        accessToken(credentials(api, id, "?force_refresh=true"));

        assertThat(refreshTokensSent()).containsExactly(first.refreshRef(), first.refreshRef());
    }

    @Test
    void twenty_concurrent_reads_of_an_expiring_token_make_exactly_one_refresh() throws Exception {
        IssuedTokens first = fake.issueTokens(CLIENT_ID, List.of("read"));
        String id = imported(first, EXPIRING);
        // Slow enough that the other reads arrive while the first one waits for the provider.
        fake.failNextTokenCalls(1, TokenFault.delay(Duration.ofMillis(500)));

        Set<String> tokens = concurrentReads(List.of(api), id, 20);

        assertThat(fake.refreshGrantCount()).isEqualTo(1);
        assertThat(tokens).hasSize(1).doesNotContain(first.accessToken());
        assertThat(fake.isLive(tokens.iterator().next())).isTrue();
    }

    @Test
    void invalid_grant_makes_the_connection_need_reauthorization() {
        IssuedTokens first = fake.issueTokens(CLIENT_ID, List.of("read"));
        String id = imported(first, EXPIRING);
        fake.failNextTokenCalls(1, TokenFault.error("invalid_grant"));

        ApiResponse refused = credentials(api, id, "");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("type").asText()).endsWith("/connection-needs-reauth");
        JsonNode connection = get(id);
        assertThat(connection.get("status").asText()).isEqualTo("needs_reauth");
        assertThat(connection.at("/last_error/code").asText()).isEqualTo("invalid_grant");
        assertThat(credentials(api, id, "").status()).isEqualTo(409);
        assertThat(fake.refreshGrantCount()).as("a connection that needs re-authorization is not refreshed").isEqualTo(1);
        JsonNode event = api.get("/v1/admin/audit-events?connection_id=" + id).data().get(0);
        assertThat(event.get("action").asText()).isEqualTo("connection.refresh_failed");
        JsonNode counts = api.provider(OAUTH).data().get("connections");
        assertThat(counts.get("active").asLong()).isZero();
        assertThat(counts.get("needs_reauth").asLong()).isEqualTo(1);
    }

    @Test
    void a_provider_outage_hands_out_the_current_token_while_it_is_valid() {
        IssuedTokens first = fake.issueTokens(CLIENT_ID, List.of("read"));
        String id = imported(first, EXPIRING);
        fake.failNextTokenCalls(1, TokenFault.unavailable());

        ApiResponse read = credentials(api, id, "");

        assertThat(accessToken(read)).isEqualTo(first.accessToken());
        JsonNode connection = get(id);
        assertThat(connection.get("status").asText()).isEqualTo("active");
        assertThat(connection.at("/last_error/code").asText()).isEqualTo("http_503");
    }

    @Test
    void a_provider_outage_with_an_expired_token_is_503_with_retry_after_and_the_connection_stays_active() {
        IssuedTokens first = fake.issueTokens(CLIENT_ID, List.of("read"));
        String body = oauthBody(OAUTH, "user-1", first, null, Map.of())
                .replace("\"scopes\"", "\"expires_at\":\"" + Instant.now().minusSeconds(30) + "\",\"scopes\"");
        String id = record(importConnection(api, body, "expired")).data().get("id").asText();
        fake.failNextTokenCalls(1, TokenFault.unavailable());

        ApiResponse refused = credentials(api, id, "");

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().get("type").asText()).endsWith("/refresh-unavailable");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
        assertThat(get(id).get("status").asText()).isEqualTo("active");
        assertThat(accessToken(credentials(api, id, ""))).as("once the provider is back").isNotEqualTo(first.accessToken());
    }

    @Test
    void a_token_without_expiry_is_never_refreshed() {
        IssuedTokens first = fake.issueTokens(CLIENT_ID, List.of("read"));
        String id = imported(first, null);

        String token = accessToken(credentials(api, id, "?force_refresh=true&min_ttl=3600"));

        assertThat(token).isEqualTo(first.accessToken());
        assertThat(get(id).get("expires_at").isNull()).isTrue();
        assertThat(fake.refreshGrantCount()).isZero();
    }

    @Test
    void bad_credentials_parameters_are_400() {
        String id = imported(fake.issueTokens(CLIENT_ID, List.of("read")), 3600L);

        assertThat(credentials(api, id, "?min_ttl=3601").status()).isEqualTo(400);
        assertThat(credentials(api, id, "?min_ttl=-1").status()).isEqualTo(400);
        assertThat(credentials(api, id, "?force_refresh=yes").status()).isEqualTo(400);
        assertThat(credentials(api, id, "?other=1").status()).isEqualTo(400);
    }

    @Test
    void master_key_rotation_keeps_tokens_usable() {
        IssuedTokens first = fake.issueTokens(CLIENT_ID, List.of("read"));
        String id = imported(first, EXPIRING);
        Map<String, String> env = server.server().env();
        server.server().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = Main.run(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "master-key", "rotate");

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        api = server.restartWith(Map.of()).api();
        String refreshed = accessToken(credentials(api, id, ""));
        assertThat(refreshed).isNotEqualTo(first.accessToken());
        assertThat(refreshTokensSent()).containsExactly(first.refreshRef());
        assertThat(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8))
                .doesNotContain(first.accessToken()).doesNotContain(first.refreshToken());
    }

    /** Reads credentials from {@code count} threads at once, spread over {@code instances}; every read must be 200. */
    static Set<String> concurrentReads(List<Api> instances, String id, int count) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ApiResponse>> reads = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Api instance = instances.get(i % instances.size());
                reads.add(threads.submit(() -> {
                    start.await();
                    return credentials(instance, id, "");
                }));
            }
            start.countDown();
            Set<String> tokens = new TreeSet<>();
            for (Future<ApiResponse> read : reads) {
                tokens.add(accessToken(read.get()));
            }
            return tokens;
        } finally {
            threads.shutdownNow();
        }
    }

    private List<TokenRef> refreshTokensSent() {
        return fake.tokenRequests().stream().filter(r -> r.grantType().equals("refresh_token"))
                .map(TokenRequest::refreshToken).toList();
    }

    private String imported(IssuedTokens tokens, Long expiresIn) {
        ApiResponse created = record(importConnection(api, oauthBody(OAUTH, "user-1", tokens, expiresIn, Map.of()),
                java.util.UUID.randomUUID().toString()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.data().get("id").asText();
    }

    private JsonNode get(String id) {
        return record(api.get(CONNECTIONS + "/" + id)).data();
    }

    private ApiResponse record(ApiResponse response) {
        notCredentials.add(response);
        return response;
    }

    private void assertNoTokenOutsideCredentials(String... tokens) {
        notCredentials.add(api.get(CONNECTIONS));
        notCredentials.add(api.get("/v1/admin/audit-events"));
        notCredentials.add(api.get("/metrics"));
        String log = server.logText();
        for (String token : tokens) {
            assertThat(log).as("the log").doesNotContain(token);
            for (ApiResponse response : notCredentials) {
                assertThat(response.body()).as(response.path()).doesNotContain(token);
                assertThat(response.headers().toString()).doesNotContain(token);
            }
        }
    }
}

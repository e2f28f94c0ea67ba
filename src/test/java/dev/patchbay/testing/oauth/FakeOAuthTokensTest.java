package dev.patchbay.testing.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.testing.FakeClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.patchbay.testing.oauth.OAuthTestCalls.CLIENT_ID;
import static dev.patchbay.testing.oauth.OAuthTestCalls.CLIENT_SECRET;
import static dev.patchbay.testing.oauth.OAuthTestCalls.REDIRECT_URI;
import static dev.patchbay.testing.oauth.OAuthTestCalls.refreshGrant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fake's refresh, revocation, client authentication, answer shapes and injected faults. */
class FakeOAuthTokensTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    @RegisterExtension
    final FakeOAuthExtension fake = new FakeOAuthExtension(clock);

    private FakeOAuthServer oauth;
    private OAuthTestCalls calls;

    @BeforeEach
    void register_a_client() {
        oauth = fake.server();
        oauth.registerClient(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI);
        calls = new OAuthTestCalls(oauth);
    }

    @Test
    void a_refresh_rotates_the_refresh_token() {
        JsonNode first = calls.tokens();

        HttpResponse<String> response = calls.token(refreshGrant(first.path("refresh_token").asText()));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode second = calls.json(response);
        assertThat(second.path("refresh_token").asText()).isNotEmpty().isNotEqualTo(first.path("refresh_token").asText());
        assertThat(oauth.isLive(second.path("access_token").asText())).isTrue();
        assertThat(oauth.refreshGrantCount()).isEqualTo(1);
        assertThat(oauth.refreshTokensSent()).containsExactly(new TokenRef(TokenRef.Kind.REFRESH, 1, 1));
        assertThat(oauth.refOf(second.path("refresh_token").asText())).isEqualTo(new TokenRef(TokenRef.Kind.REFRESH, 1, 2));
    }

    @Test
    void a_superseded_refresh_token_is_invalid_grant_and_revokes_the_whole_family() {
        JsonNode first = calls.tokens();
        JsonNode second = calls.json(calls.token(refreshGrant(first.path("refresh_token").asText())));

        HttpResponse<String> reuse = calls.token(refreshGrant(first.path("refresh_token").asText()));

        assertThat(reuse.statusCode()).isEqualTo(400);
        assertThat(calls.json(reuse).path("error").asText()).isEqualTo("invalid_grant");
        assertThat(oauth.isLive(second.path("access_token").asText())).isFalse();
        assertThat(calls.json(calls.token(refreshGrant(second.path("refresh_token").asText()))).path("error").asText())
                .isEqualTo("invalid_grant");
        TokenRef firstRefresh = new TokenRef(TokenRef.Kind.REFRESH, 1, 1);
        assertThat(oauth.refreshTokensSent()).containsExactly(firstRefresh, firstRefresh,
                new TokenRef(TokenRef.Kind.REFRESH, 1, 2));
    }

    @Test
    void the_refresh_path_serves_the_same_grants_and_is_recorded_apart() {
        String refreshToken = calls.tokens().path("refresh_token").asText();

        assertThat(calls.post(oauth.refreshUrl(), refreshGrant(refreshToken)).statusCode()).isEqualTo(200);

        assertThat(oauth.tokenRequests()).extracting(TokenRequest::path).containsExactly("/token", "/refresh");
    }

    @Test
    void without_rotation_a_refresh_answers_no_refresh_token_and_the_old_one_keeps_working() {
        oauth.settings().rotation(false);
        String refreshToken = calls.tokens().path("refresh_token").asText();

        JsonNode first = calls.json(calls.token(refreshGrant(refreshToken)));
        JsonNode second = calls.json(calls.token(refreshGrant(refreshToken)));

        assertThat(first.has("refresh_token")).isFalse();
        assertThat(oauth.isLive(first.path("access_token").asText())).isTrue();
        assertThat(oauth.isLive(second.path("access_token").asText())).isTrue();
    }

    @Test
    void twenty_concurrent_refreshes_of_one_token_rotate_it_once() throws Exception {
        String refreshToken = calls.tokens().path("refresh_token").asText();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<CompletableFuture<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                statuses.add(CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(start);
                    return calls.token(refreshGrant(refreshToken)).statusCode();
                }, pool));
            }
            start.countDown();
            List<Integer> answered = statuses.stream().map(CompletableFuture::join).toList();

            assertThat(answered).filteredOn(status -> status == 200).hasSize(1);
            assertThat(answered).filteredOn(status -> status == 400).hasSize(19);
            assertThat(oauth.refreshGrantCount()).isEqualTo(20);
            assertThat(oauth.issuedTokens()).hasSize(2);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void revoking_a_refresh_token_revokes_its_access_token_and_is_recorded() {
        JsonNode tokens = calls.tokens();
        Map<String, String> form = Map.of("token", tokens.path("refresh_token").asText(),
                "token_type_hint", "refresh_token");

        HttpResponse<String> response = calls.post(oauth.revocationUrl(), form);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(oauth.isLive(tokens.path("access_token").asText())).isFalse();
        assertThat(calls.json(calls.token(refreshGrant(tokens.path("refresh_token").asText()))).path("error").asText())
                .isEqualTo("invalid_grant");
        assertThat(oauth.revocations()).containsExactly(new RevocationRequest(CLIENT_ID,
                new TokenRef(TokenRef.Kind.REFRESH, 1, 1), "refresh_token", 200));
    }

    @Test
    void revoking_an_access_token_leaves_the_refresh_token_working() {
        JsonNode tokens = calls.tokens();

        assertThat(calls.post(oauth.revocationUrl(), Map.of("token", tokens.path("access_token").asText())).statusCode())
                .isEqualTo(200);

        assertThat(oauth.isLive(tokens.path("access_token").asText())).isFalse();
        assertThat(calls.token(refreshGrant(tokens.path("refresh_token").asText())).statusCode()).isEqualTo(200);
    }

    @Test
    void revoking_an_unknown_token_is_200_as_rfc_7009_says() {
        assertThat(calls.post(oauth.revocationUrl(), Map.of("token", "never-issued")).statusCode()).isEqualTo(200);
        assertThat(oauth.revocations()).extracting(RevocationRequest::token).containsExactly((TokenRef) null);
    }

    @Test
    void the_api_refuses_a_missing_an_expired_and_a_revoked_token_with_a_bearer_challenge() {
        HttpResponse<String> none = calls.get(oauth.apiBaseUrl() + "/user");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"fake-api\"");

        String expiring = calls.tokens().path("access_token").asText();
        clock.advance(Duration.ofHours(1));
        HttpResponse<String> expired = calls.get(oauth.apiBaseUrl() + "/user", "Authorization", "Bearer " + expiring);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");

        String revoked = calls.tokens().path("access_token").asText();
        assertThat(calls.get(oauth.apiBaseUrl() + "/user", "Authorization", "Bearer " + revoked).statusCode())
                .isEqualTo(200);
        calls.post(oauth.revocationUrl(), Map.of("token", revoked));
        assertThat(calls.get(oauth.apiBaseUrl() + "/user", "Authorization", "Bearer " + revoked).statusCode())
                .isEqualTo(401);
    }

    @Test
    void expire_access_tokens_ends_them_without_waiting() {
        String token = calls.tokens().path("access_token").asText();

        oauth.expireAccessTokens();

        assertThat(oauth.isLive(token)).isFalse();
        assertThat(oauth.apiCalls()).isEmpty();
    }

    @Test
    void a_slack_like_answer_nests_the_tokens_and_keeps_extra_values_on_top() {
        oauth.settings().tokenResponsePath("authed_user").extraTokenValues(Map.of("ok", true,
                "instance_url", "https://eu1.example.com")).accessTokenLifetime(null);

        JsonNode answer = calls.tokens();

        assertThat(answer.has("access_token")).isFalse();
        assertThat(answer.path("ok").asBoolean()).isTrue();
        assertThat(answer.path("instance_url").asText()).isEqualTo("https://eu1.example.com");
        JsonNode user = answer.path("authed_user");
        assertThat(oauth.isLive(user.path("access_token").asText())).isTrue();
        assertThat(user.has("expires_in")).isFalse();
        assertThat(user.path("refresh_token").asText()).isNotEmpty();
    }

    @Test
    void without_refresh_tokens_a_code_exchange_answers_none() {
        oauth.settings().refreshTokens(false).scopeInTokenResponse(false);

        JsonNode answer = calls.tokens();

        assertThat(answer.has("refresh_token")).isFalse();
        assertThat(answer.has("scope")).isFalse();
    }

    @Test
    void injected_faults_hit_the_next_calls_only_and_are_recorded() {
        oauth.failNextTokenCalls(2, TokenFault.unavailable());
        oauth.failNextTokenCalls(1, TokenFault.invalidClient());
        OAuthTestCalls.Code code = calls.code();

        assertThat(calls.token(calls.codeExchange(code)).statusCode()).isEqualTo(503);
        assertThat(calls.token(calls.codeExchange(code)).statusCode()).isEqualTo(503);
        assertThat(calls.json(calls.token(calls.codeExchange(code))).path("error").asText()).isEqualTo("invalid_client");
        assertThat(calls.token(calls.codeExchange(code)).statusCode()).isEqualTo(200);
        assertThat(oauth.tokenRequests()).extracting(TokenRequest::status).containsExactly(503, 503, 401, 200);
        assertThat(oauth.codeExchangeCount()).isEqualTo(4);
    }

    @Test
    void a_delayed_token_call_keeps_its_client_waiting_while_the_next_is_answered() throws Exception {
        oauth.failNextTokenCalls(1, TokenFault.delay(Duration.ofMinutes(10)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(oauth.tokenUrl())).timeout(Duration.ofSeconds(1))
                .header("Authorization", OAuthTestCalls.basic(CLIENT_ID, CLIENT_SECRET))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(OAuthTestCalls.form(calls.codeExchange(calls.code()))))
                .build();

        assertThatThrownBy(() -> java.net.http.HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.net.http.HttpTimeoutException.class);
        assertThat(calls.token(calls.codeExchange(calls.code())).statusCode()).isEqualTo(200);
    }

    @Test
    void issued_tokens_skip_the_flow_but_follow_the_settings() {
        oauth.settings().rotation(true);

        IssuedTokens issued = oauth.issueTokens(CLIENT_ID, List.of("read"));

        assertThat(oauth.isLive(issued.accessToken())).isTrue();
        assertThat(calls.token(refreshGrant(issued.refreshToken())).statusCode()).isEqualTo(200);
        assertThat(issued.toString()).doesNotContain(issued.accessToken());
    }
}

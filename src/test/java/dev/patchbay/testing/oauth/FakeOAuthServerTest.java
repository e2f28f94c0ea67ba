package dev.patchbay.testing.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.testing.FakeClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.patchbay.testing.oauth.OAuthTestCalls.CLIENT_ID;
import static dev.patchbay.testing.oauth.OAuthTestCalls.CLIENT_SECRET;
import static dev.patchbay.testing.oauth.OAuthTestCalls.REDIRECT_URI;
import static dev.patchbay.testing.oauth.OAuthTestCalls.refreshGrant;
import static org.assertj.core.api.Assertions.assertThat;

/** The fake authorization server behaves as RFC 6749, 7636, 7009 and 9207 say, through real HTTP. */
class FakeOAuthServerTest {
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
    void the_code_flow_with_pkce_gives_tokens_that_open_the_api() {
        String verifier = calls.newVerifier();
        Map<String, String> callback = calls.callback(calls.authorize(calls.authorizeParams(verifier)));
        assertThat(callback).containsEntry("state", "state-1").containsEntry("from", "fake").containsKey("code")
                .doesNotContainKey("iss");
        assertThat(oauth.lastAuthorizeRequest().param("code_challenge")).isEqualTo(OAuthTestCalls.challenge(verifier));

        HttpResponse<String> answer = calls.token(calls.codeExchange(new OAuthTestCalls.Code(callback.get("code"), verifier)));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode tokens = calls.json(answer);
        assertThat(tokens.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(tokens.path("expires_in").asLong()).isEqualTo(3600);
        assertThat(tokens.path("scope").asText()).isEqualTo("read write");
        assertThat(tokens.path("refresh_token").asText()).isNotEmpty();
        HttpResponse<String> user = calls.get(oauth.apiBaseUrl() + "/user",
                "Authorization", "Bearer " + tokens.path("access_token").asText());
        assertThat(user.statusCode()).isEqualTo(200);
        assertThat(calls.json(user).path("id").asText()).isEqualTo("user-1");
        TokenRequest recorded = oauth.tokenRequests().get(0);
        assertThat(recorded.grantType()).isEqualTo("authorization_code");
        assertThat(recorded.clientAuth()).isEqualTo(ClientAuthMethod.BASIC);
        assertThat(recorded.format()).isEqualTo(RequestFormat.FORM);
        assertThat(oauth.codeExchangeCount()).isEqualTo(1);
    }

    @Test
    void a_code_works_once_and_its_second_use_revokes_what_it_gave() {
        OAuthTestCalls.Code code = calls.code();
        JsonNode first = calls.json(calls.token(calls.codeExchange(code)));

        HttpResponse<String> second = calls.token(calls.codeExchange(code));

        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(calls.json(second).path("error").asText()).isEqualTo("invalid_grant");
        assertThat(oauth.isLive(first.path("access_token").asText())).isFalse();
        assertThat(oauth.isRevoked(first.path("refresh_token").asText())).isTrue();
    }

    @Test
    void an_expired_code_is_invalid_grant() {
        OAuthTestCalls.Code code = calls.code();
        clock.advance(Duration.ofMinutes(1));

        assertThat(calls.json(calls.token(calls.codeExchange(code))).path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void an_unregistered_redirect_uri_is_a_400_page_and_no_redirect() {
        Map<String, String> params = calls.authorizeParams(calls.newVerifier());
        params.put("redirect_uri", REDIRECT_URI + "/more");

        HttpResponse<String> response = calls.authorize(params);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void a_code_exchanged_with_another_redirect_uri_is_invalid_grant_and_stays_redeemable() {
        OAuthTestCalls.Code code = calls.code();
        Map<String, String> exchange = calls.codeExchange(code);
        exchange.put("redirect_uri", "http://127.0.0.1:9/other");

        assertThat(calls.json(calls.token(exchange)).path("error").asText()).isEqualTo("invalid_grant");
        assertThat(calls.token(calls.codeExchange(code)).statusCode()).isEqualTo(200);
    }

    @Test
    void a_wrong_pkce_verifier_is_invalid_grant() {
        OAuthTestCalls.Code code = calls.code();

        HttpResponse<String> response = calls.token(calls.codeExchange(new OAuthTestCalls.Code(code.code(),
                calls.newVerifier())));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(calls.json(response).path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void a_missing_pkce_verifier_is_invalid_grant() {
        Map<String, String> exchange = calls.codeExchange(calls.code());
        exchange.remove("code_verifier");

        assertThat(calls.json(calls.token(exchange)).path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void required_pkce_refuses_a_request_without_challenge_back_at_the_client() {
        Map<String, String> params = calls.authorizeParams(calls.newVerifier());
        params.remove("code_challenge");
        params.remove("code_challenge_method");

        assertThat(calls.callback(calls.authorize(params))).containsEntry("error", "invalid_request")
                .containsEntry("state", "state-1").doesNotContainKey("code");
    }

    @Test
    void a_plain_pkce_challenge_is_refused() {
        Map<String, String> params = calls.authorizeParams(calls.newVerifier());
        params.put("code_challenge_method", "plain");

        assertThat(calls.callback(calls.authorize(params))).containsEntry("error", "invalid_request");
    }

    @Test
    void refused_pkce_refuses_a_challenge_and_optional_pkce_goes_without() {
        oauth.settings().pkce(PkcePolicy.REFUSED);
        assertThat(calls.callback(calls.authorize(calls.authorizeParams(calls.newVerifier()))))
                .containsEntry("error", "invalid_request");

        oauth.settings().pkce(PkcePolicy.OPTIONAL);
        Map<String, String> params = calls.authorizeParams(calls.newVerifier());
        params.remove("code_challenge");
        params.remove("code_challenge_method");
        Map<String, String> exchange = calls.codeExchange(new OAuthTestCalls.Code(
                calls.callback(calls.authorize(params)).get("code"), "unused"));
        exchange.remove("code_verifier");
        assertThat(calls.token(exchange).statusCode()).isEqualTo(200);
    }

    @Test
    void a_request_without_state_is_refused() {
        Map<String, String> params = calls.authorizeParams(calls.newVerifier());
        params.remove("state");

        assertThat(calls.callback(calls.authorize(params))).containsEntry("error", "invalid_request");
    }

    @Test
    void auto_deny_answers_access_denied_with_the_state() {
        oauth.settings().consent(Consent.AUTO_DENY);

        assertThat(calls.callback(calls.authorize(calls.authorizeParams(calls.newVerifier()))))
                .containsEntry("error", "access_denied").containsEntry("state", "state-1");
    }

    @Test
    void the_callback_carries_the_configured_iss() {
        oauth.settings().callbackIss(oauth.issuer());
        assertThat(calls.code()).isNotNull();
        assertThat(calls.callback(calls.authorize(calls.authorizeParams(calls.newVerifier()))))
                .containsEntry("iss", oauth.issuer());

        oauth.settings().callbackIss("https://evil.example");
        assertThat(calls.callback(calls.authorize(calls.authorizeParams(calls.newVerifier()))))
                .containsEntry("iss", "https://evil.example");
    }

    @Test
    void the_consent_page_approves_through_its_form() {
        oauth.settings().consent(Consent.ASK);
        String verifier = calls.newVerifier();
        HttpResponse<String> page = calls.authorize(calls.authorizeParams(verifier));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).contains("id=\"approve\"", "id=\"deny\"", "<li>read</li>");

        Map<String, String> callback = calls.callback(decide(page, "approve"));

        assertThat(callback).containsEntry("state", "state-1");
        assertThat(calls.token(calls.codeExchange(new OAuthTestCalls.Code(callback.get("code"), verifier))).statusCode())
                .isEqualTo(200);
    }

    @Test
    void the_consent_page_denies_through_its_form_and_its_request_is_then_gone() {
        oauth.settings().consent(Consent.ASK);
        HttpResponse<String> page = calls.authorize(calls.authorizeParams(calls.newVerifier()));

        assertThat(calls.callback(decide(page, "deny"))).containsEntry("error", "access_denied")
                .doesNotContainKey("code");
        assertThat(decide(page, "approve").statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> decide(HttpResponse<String> page, String decision) {
        Matcher requestId = Pattern.compile("name=\"request\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(requestId.find()).isTrue();
        Matcher action = Pattern.compile("action=\"([^\"]+)\"").matcher(page.body());
        assertThat(action.find()).isTrue();
        return calls.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(oauth.baseUrl() + action.group(1)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        OAuthTestCalls.form(Map.of("request", requestId.group(1), "decision", decision)))));
    }

    @Test
    void an_unknown_scope_is_invalid_scope_when_scopes_are_listed() {
        oauth.settings().supportedScopes(java.util.Set.of("read"));

        assertThat(calls.callback(calls.authorize(calls.authorizeParams(calls.newVerifier()))))
                .containsEntry("error", "invalid_scope");
    }

    @Test
    void granted_scopes_and_their_separator_show_in_the_token_answer() {
        oauth.settings().scopeSeparator(",").grantedScopes(List.of("read", "admin"));

        assertThat(calls.tokens().path("scope").asText()).isEqualTo("read,admin");
    }
}

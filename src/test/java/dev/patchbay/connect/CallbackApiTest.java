package dev.patchbay.connect;

import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.FakeClock;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.oauth.Consent;
import dev.patchbay.testing.oauth.FakeOAuthExtension;
import dev.patchbay.testing.oauth.FakeOAuthServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.patchbay.connect.ConnectCalls.APP;
import static dev.patchbay.connect.ConnectCalls.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v1/connectors/oauth/callback}: the state and {@code iss} checks, how a flow that got no
 * tokens ends (redirect or popup page), and that none of its credentials is ever logged.
 */
class CallbackApiTest {
    final FakeClock clock = new FakeClock(Instant.parse("2026-12-06T10:00:00Z"));

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(ConnectCalls.ENV, clock);

    @RegisterExtension
    final FakeOAuthExtension oauth = new FakeOAuthExtension(clock);

    final ConnectCalls calls = new ConnectCalls(server);

    @Test
    void a_declined_consent_goes_back_to_the_return_url_with_access_denied() {
        FakeOAuthServer fake = oauth.server();
        calls.setUp(PROVIDER, fake);
        fake.settings().consent(Consent.AUTO_DENY);
        String token = calls.session(Map.of("return_url", APP + "/connected?space=7"));

        ApiResponse end = calls.throughProvider(fake, calls.authorize(token));

        assertThat(end.status()).isEqualTo(302);
        assertThat(end.header("Location")).isEqualTo(APP + "/connected?space=7&error=access_denied");
        assertThat(fake.codeExchangeCount()).isZero();
    }

    @Test
    void a_declined_consent_in_a_popup_posts_the_error_to_the_opener_at_the_sessions_origin() {
        FakeOAuthServer fake = oauth.server();
        calls.setUp(PROVIDER, fake);
        fake.settings().consent(Consent.AUTO_DENY);
        String token = calls.session(Map.of("origin", APP));

        ApiResponse page = calls.throughProvider(fake, calls.authorize(token));

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("data-status=\"error\"", "data-error=\"access_denied\"",
                "data-origin=\"" + APP + "\"", "window.opener.postMessage(message, result.origin);");
    }

    @Test
    void the_popup_pages_policy_allows_only_its_own_script_by_hash() throws Exception {
        FakeOAuthServer fake = oauth.server();
        calls.setUp(PROVIDER, fake);
        fake.settings().consent(Consent.AUTO_DENY);

        ApiResponse page = calls.throughProvider(fake, calls.authorize(calls.session(Map.of("origin", APP))));

        Matcher script = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(page.body());
        assertThat(script.find()).isTrue();
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(script.group(1).getBytes(StandardCharsets.UTF_8)));
        assertThat(page.header("Content-Security-Policy")).isEqualTo("default-src 'none'; script-src 'sha256-" + hash
                + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; "
                + "require-trusted-types-for 'script'; trusted-types 'none'");
        assertThat(script.find()).as("a second script").isFalse();
        assertThat(page.body()).doesNotContain(" on").doesNotContain("style=");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
    }

    @Test
    void without_an_origin_the_page_posts_to_nobody_and_says_the_window_can_be_closed() {
        FakeOAuthServer fake = oauth.server();
        calls.setUp(PROVIDER, fake);
        fake.settings().consent(Consent.AUTO_DENY);

        ApiResponse page = calls.throughProvider(fake, calls.authorize(calls.session(Map.of())));

        assertThat(page.body()).doesNotContain("data-origin").contains("You can close this window.");
        assertThat(page.body()).contains("if (!result.origin || !window.opener) { return; }");
    }

    @Test
    void a_replayed_state_is_refused_and_exchanges_nothing() {
        FakeOAuthServer fake = oauth.server();
        calls.setUp(PROVIDER, fake);
        ApiResponse authorize = calls.authorize(calls.session(Map.of("return_url", APP + "/back")));
        ApiResponse first = calls.throughProvider(fake, authorize);
        long exchanges = fake.codeExchangeCount();

        ApiResponse replay = calls.approve(authorize, "another-code");

        assertThat(first.status()).isEqualTo(302);
        assertInvalidState(replay);
        assertThat(fake.codeExchangeCount()).isEqualTo(exchanges);
    }

    @Test
    void a_tampered_or_missing_state_is_refused_and_consumes_nothing() {
        FakeOAuthServer fake = oauth.server();
        calls.setUp(PROVIDER, fake);
        ApiResponse authorize = calls.authorize(calls.session(Map.of("return_url", APP + "/back")));
        String state = ConnectCalls.providerRequest(authorize).queryParameter("state");

        assertInvalidState(calls.callback(Map.of("code", "c", "state", state.substring(1) + "A")));
        assertInvalidState(calls.callback(Map.of("code", "c")));
        assertInvalidState(calls.browser().visit(ConnectCalls.CALLBACK + "?code=c&state=" + state + "&state=" + state));
        assertThat(fake.codeExchangeCount()).isZero();
        assertThat(calls.throughProvider(fake, authorize).status()).as("the real state still works").isEqualTo(302);
    }

    @Test
    void an_expired_state_goes_back_with_expired_and_exchanges_nothing() {
        FakeOAuthServer fake = oauth.server();
        calls.setUp(PROVIDER, fake);
        ApiResponse authorize = calls.authorize(calls.session(Map.of("return_url", APP + "/back")));
        clock.advance(Duration.ofMinutes(10));

        ApiResponse end = calls.approve(authorize, "code-from-the-provider");

        assertThat(end.status()).isEqualTo(302);
        assertThat(end.header("Location")).isEqualTo(APP + "/back?error=expired");
        assertThat(fake.codeExchangeCount()).isZero();
        assertInvalidState(calls.approve(authorize, "code-from-the-provider"));
    }

    @Test
    void an_expired_state_in_a_popup_is_a_400_page_that_posts_expired() {
        FakeOAuthServer fake = oauth.server();
        calls.setUp(PROVIDER, fake);
        ApiResponse authorize = calls.authorize(calls.session(Map.of("origin", APP)));
        clock.advance(Duration.ofMinutes(11));

        ApiResponse page = calls.approve(authorize, "code-from-the-provider");

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("data-error=\"expired\"");
    }

    @Test
    void an_iss_that_is_not_the_providers_issuer_ends_the_flow_without_an_exchange() {
        FakeOAuthServer fake = oauth.server();
        calls.setUp(ConnectCalls.WITH_ISSUER, fake);
        fake.settings().callbackIss("https://attacker.example.com");
        String token = calls.session(ConnectCalls.WITH_ISSUER, Map.of("return_url", APP + "/back"));

        ApiResponse end = calls.throughProvider(fake, calls.authorize(ConnectCalls.WITH_ISSUER, token));

        assertThat(end.header("Location")).isEqualTo(APP + "/back?error=exchange_failed");
        assertThat(fake.codeExchangeCount()).isZero();
    }

    @Test
    void an_iss_from_a_provider_that_declares_no_issuer_is_refused() {
        FakeOAuthServer fake = oauth.server();
        calls.setUp(PROVIDER, fake);
        fake.settings().callbackIss(fake.issuer());

        ApiResponse end = calls.throughProvider(fake, calls.authorize(calls.session(Map.of("return_url", APP + "/b"))));

        assertThat(end.header("Location")).isEqualTo(APP + "/b?error=exchange_failed");
        assertThat(fake.codeExchangeCount()).isZero();
    }

    @Test
    void a_callback_with_an_error_other_than_access_denied_is_exchange_failed() {
        FakeOAuthServer fake = oauth.server();
        calls.setUp(PROVIDER, fake);
        ApiResponse authorize = calls.authorize(calls.session(Map.of("return_url", APP + "/back")));

        ApiResponse end = calls.callback(Map.of("error", "server_error",
                "state", ConnectCalls.providerRequest(authorize).queryParameter("state")));

        assertThat(end.header("Location")).isEqualTo(APP + "/back?error=exchange_failed");
    }

    @Test
    void neither_the_token_the_state_nor_the_code_is_ever_logged() {
        FakeOAuthServer fake = oauth.server();
        calls.setUp(PROVIDER, fake);
        String token = calls.session(Map.of("return_url", APP + "/back"));
        ApiResponse authorize = calls.authorize(token);
        String state = ConnectCalls.providerRequest(authorize).queryParameter("state");
        calls.approve(authorize, "the-code-" + token);
        calls.authorize(token);
        calls.callback(Map.of("state", state, "code", "replayed-code-" + token));
        calls.browser().outsideTheContract("a malformed query string").visit(
                "/v1/connectors/oauth/callback?state=" + state + "&%ZZ=" + token);

        assertThat(server.logText()).contains("/v1/connectors/oauth/callback")
                .doesNotContain(token).doesNotContain(state).doesNotContain("the-code-");
    }

    private static void assertInvalidState(ApiResponse answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("text/html");
        assertThat(answer.header("Location")).isNull();
        assertThat(answer.body()).contains("data-error=\"invalid_state\"").doesNotContain("data-origin");
    }
}

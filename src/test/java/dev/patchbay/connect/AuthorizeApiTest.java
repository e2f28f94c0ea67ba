package dev.patchbay.connect;

import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.FakeClock;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.StubDescriptors;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.patchbay.connect.ConnectCalls.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /v1/connectors/oauth/{provider_slug}/authorize}: the redirect to the provider, and links that start nothing. */
class AuthorizeApiTest {
    private static final String PROVIDER_BASE = "https://acme.example.com/oauth";

    final FakeClock clock = new FakeClock(Instant.parse("2026-12-06T10:00:00Z"));

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(ConnectCalls.ENV, clock);

    final ConnectCalls calls = new ConnectCalls(server);

    @Test
    void authorize_sends_the_browser_to_the_provider_with_the_code_flow_parameters() {
        calls.setUp(PROVIDER_BASE);
        String token = calls.session(Map.of("scopes", List.of("read", "write:all")));

        ApiResponse answer = calls.authorize(token);

        HttpUrl request = ConnectCalls.providerRequest(answer);
        assertThat(request.toString()).startsWith(PROVIDER_BASE + "/authorize?");
        assertThat(request.queryParameter("response_type")).isEqualTo("code");
        assertThat(request.queryParameter("client_id")).isEqualTo("acme-client");
        assertThat(request.queryParameter("redirect_uri")).isEqualTo(server.server().baseUrl() + ConnectCalls.CALLBACK);
        assertThat(request.queryParameter("scope")).isEqualTo("read write:all");
        assertThat(request.queryParameter("state")).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(token);
        assertThat(request.queryParameter("code_challenge_method")).isEqualTo("S256");
        assertThat(request.queryParameter("code_challenge")).matches("[A-Za-z0-9_-]{43}");
        assertThat(answer.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void scopes_default_to_the_setups_then_to_the_providers_default_scopes() {
        server.api().setup("github", "{\"client_id\": \"Iv1.abc\", \"client_secret\": \"" + server.secret("gh")
                + "\", \"scopes\": [\"repo\", \"gist\"]}");
        String own = session("github");
        server.api().setup("github", "{\"client_id\": \"Iv1.abc\", \"client_secret\": \"********\"}");
        String defaults = session("github");

        assertThat(ConnectCalls.providerRequest(calls.authorize("github", own)).queryParameter("scope"))
                .isEqualTo("repo gist");
        assertThat(ConnectCalls.providerRequest(calls.authorize("github", defaults)).queryParameter("scope"))
                .isEqualTo("repo read:org read:user");
    }

    @Test
    void scopes_are_joined_with_the_providers_separator_and_its_extra_parameters_are_added() {
        server.api().setup("slack", "{\"client_id\": \"123.456\", \"client_secret\": \"" + server.secret("sl") + "\"}");
        String slack = session("slack");
        server.api().setup("google-drive", "{\"client_id\": \"x.apps.googleusercontent.com\", \"client_secret\": \""
                + server.secret("g") + "\"}");
        String google = session("google-drive");

        HttpUrl slackRequest = ConnectCalls.providerRequest(calls.authorize("slack", slack));
        HttpUrl googleRequest = ConnectCalls.providerRequest(calls.authorize("google-drive", google));

        assertThat(slackRequest.queryParameter("scope")).contains(",").doesNotContain(" ");
        assertThat(googleRequest.queryParameter("access_type")).isEqualTo("offline");
        assertThat(googleRequest.queryParameter("prompt")).isEqualTo("consent");
    }

    @Test
    void the_setups_redirect_uri_is_the_one_sent() {
        server.api().setup(PROVIDER, "{\"client_id\": \"acme-client\", \"client_secret\": \"" + server.secret("c")
                + "\", \"base_url\": \"" + PROVIDER_BASE + "\", \"redirect_uri\": \"https://patchbay.example.com/cb\"}");

        HttpUrl request = ConnectCalls.providerRequest(calls.authorize(calls.session(Map.of())));

        assertThat(request.queryParameter("redirect_uri")).isEqualTo("https://patchbay.example.com/cb");
    }

    @Test
    void the_token_works_once() {
        calls.setUp(PROVIDER_BASE);
        String token = calls.session(Map.of());
        calls.authorize(token);

        assertRefused(calls.authorize(token), 400);
    }

    @Test
    void an_expired_token_starts_nothing() {
        calls.setUp(PROVIDER_BASE);
        String token = calls.session(Map.of());
        clock.advance(Duration.ofMinutes(10));

        assertRefused(calls.authorize(token), 400);
    }

    @Test
    void a_token_just_before_its_expiry_still_works() {
        calls.setUp(PROVIDER_BASE);
        String token = calls.session(Map.of());
        clock.advance(Duration.ofMinutes(10).minusMillis(1));

        assertThat(calls.authorize(token).status()).isEqualTo(302);
    }

    @Test
    void an_unknown_or_missing_token_starts_nothing() {
        calls.setUp(PROVIDER_BASE);
        String token = calls.session(Map.of());

        assertRefused(calls.authorize(token.substring(1) + "A"), 400);
        assertRefused(calls.browser().visit("/v1/connectors/oauth/" + PROVIDER + "/authorize"), 400);
        assertThat(calls.authorize(token).status()).as("the real token, untouched by the attempts").isEqualTo(302);
    }

    @Test
    void a_token_opened_under_another_provider_starts_nothing_and_is_not_consumed() {
        calls.setUp(PROVIDER_BASE);
        server.api().setup(StubDescriptors.GITHUB_LIKE, "{\"client_id\": \"x\", \"client_secret\": \"" + server.secret("o")
                + "\", \"base_url\": \"" + PROVIDER_BASE + "\"}");
        String token = calls.session(Map.of());

        assertRefused(calls.authorize(StubDescriptors.GITHUB_LIKE, token), 400);
        assertThat(calls.authorize(token).status()).isEqualTo(302);
    }

    @Test
    void a_provider_reset_after_the_session_started_is_a_409_page() {
        calls.setUp(PROVIDER_BASE);
        String token = calls.session(Map.of());
        server.api().reset(PROVIDER);

        assertRefused(calls.authorize(token), 409);
    }

    @Test
    void an_unknown_provider_is_a_404_page() {
        assertRefused(calls.authorize("no-such-provider", "abc"), 404);
    }

    @Test
    void each_flow_has_its_own_state_and_challenge() {
        calls.setUp(PROVIDER_BASE);

        HttpUrl request = ConnectCalls.providerRequest(calls.authorize(calls.session(Map.of())));
        HttpUrl other = ConnectCalls.providerRequest(calls.authorize(calls.session(Map.of())));

        assertThat(request.queryParameter("code_challenge")).isNotEqualTo(other.queryParameter("code_challenge"));
        assertThat(request.queryParameter("state")).isNotEqualTo(other.queryParameter("state"));
        assertThat(Base64.getUrlDecoder().decode(request.queryParameter("code_challenge"))).hasSize(32);
    }

    private String session(String slug) {
        ApiResponse answer = calls.start("{\"provider_slug\": \"" + slug + "\", \"owner\": \"user-42\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.data().get("token").asText();
    }

    static void assertRefused(ApiResponse answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("text/html");
        assertThat(answer.header("Location")).isNull();
        assertThat(answer.header("Content-Security-Policy")).contains("default-src 'none'").contains("frame-ancestors 'none'");
        assertThat(answer.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
        assertThat(answer.body()).doesNotContain("<script");
    }
}

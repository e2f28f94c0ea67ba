package dev.patchbay.connect;

import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.FakeClock;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.RawHttp;
import dev.patchbay.testing.StubDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static dev.patchbay.connect.ConnectCalls.APP;
import static dev.patchbay.connect.ConnectCalls.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Around the flow: the provider's {@code callback_url}, expired sessions deleted, and requests Jetty
 * refuses before any route, whose query strings must not reach the log either.
 */
class ConnectHousekeepingTest {
    final FakeClock clock = new FakeClock(Instant.parse("2026-12-06T10:00:00Z"));

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(ConnectCalls.ENV, clock);

    final ConnectCalls calls = new ConnectCalls(server);

    @Test
    void an_oauth2_provider_shows_patchbays_callback_url_until_its_setup_names_its_own() {
        String own = "https://patchbay.example.com/v1/connectors/oauth/callback";

        String before = server.api().provider(PROVIDER).data().get("callback_url").asText();
        calls.setUp("https://acme.example.com");
        String afterSetup = server.api().provider(PROVIDER).data().get("callback_url").asText();
        server.api().setup(PROVIDER, "{\"client_id\": \"c\", \"client_secret\": \"********\", \"base_url\":"
                + " \"https://acme.example.com\", \"redirect_uri\": \"" + own + "\"}");

        assertThat(before).isEqualTo(server.server().baseUrl() + ConnectCalls.CALLBACK).isEqualTo(afterSetup);
        assertThat(server.api().provider(PROVIDER).data().get("callback_url").asText()).isEqualTo(own);
        assertThat(server.api().get("/v1/admin/connector-providers?auth_type=oauth2").data().get(0)
                .get("callback_url").isTextual()).isTrue();
    }

    @Test
    void a_provider_that_does_not_use_oauth2_has_no_callback_url() {
        assertThat(server.api().provider(StubDescriptors.API_KEY).data().get("callback_url").isNull()).isTrue();
    }

    @Test
    void the_public_url_names_the_callback_and_the_authorize_link() {
        Map<String, String> env = new HashMap<>(ConnectCalls.ENV);
        env.put("PATCHBAY_PUBLIC_URL", "https://patchbay.example.com/");
        server.restartWith(env);
        calls.setUp("https://acme.example.com");

        ApiResponse session = calls.start("{\"provider_slug\": \"" + PROVIDER + "\", \"owner\": \"u\"}");

        assertThat(server.api().provider(PROVIDER).data().get("callback_url").asText())
                .isEqualTo("https://patchbay.example.com/v1/connectors/oauth/callback");
        assertThat(session.data().get("authorize_url").asText())
                .startsWith("https://patchbay.example.com/v1/connectors/oauth/" + PROVIDER + "/authorize?token=");
    }

    @Test
    void sessions_are_deleted_an_hour_after_they_expire_and_their_state_is_then_unknown() {
        calls.setUp("https://acme.example.com");
        ApiResponse kept = calls.authorize(calls.session(Map.of("return_url", APP + "/b")));
        ApiResponse purged = calls.authorize(calls.session(Map.of("return_url", APP + "/b")));
        clock.advance(Duration.ofMinutes(70));
        server.server().patchbay().purgeConnectSessions();
        assertThat(calls.approve(kept, "c").header("Location")).as("expired an hour ago: still known")
                .isEqualTo(APP + "/b?error=expired");
        clock.advance(Duration.ofMillis(1));

        server.server().patchbay().purgeConnectSessions();

        ApiResponse late = calls.approve(purged, "c");
        assertThat(late.status()).isEqualTo(400);
        assertThat(late.body()).contains("data-error=\"invalid_state\"");
    }

    @Test
    void a_request_jetty_refuses_keeps_its_query_string_out_of_the_log() {
        String token = calls.session(Map.of("return_url", APP + "/b"), "https://acme.example.com");

        int port = server.server().patchbay().port();
        ApiResponse tooLarge = RawHttp.exchange(port, "GET", "/v1/connectors/oauth/" + PROVIDER + "/authorize?token="
                + token, Map.of("X-Padding", "x".repeat(20_000)), null, Duration.ofSeconds(15));
        ApiResponse nul = RawHttp.exchange(port, "GET", "/v1/connectors/oauth/%00/authorize?token=" + token, Map.of(),
                null, Duration.ofSeconds(15));

        assertThat(tooLarge.status()).isEqualTo(431);
        assertThat(nul.status()).isEqualTo(400);
        assertThat(server.logText()).doesNotContain(token);
        assertThat(calls.authorize(token).status()).as("the token was not consumed").isEqualTo(302);
    }
}

package dev.patchbay.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.FakeClock;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.TestServer;
import dev.patchbay.testing.oauth.FakeOAuthExtension;
import dev.patchbay.testing.oauth.FakeOAuthServer;
import dev.patchbay.testing.oauth.PkcePolicy;
import dev.patchbay.testing.oauth.TokenRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.patchbay.connect.ConnectCalls.APP;
import static dev.patchbay.connect.ConnectCalls.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The whole browser flow against the fake OAuth server: session, authorize, the provider's approval,
 * callback, and a connection whose tokens work; re-authorization; PKCE as the provider checks it.
 */
class ConnectFlowApiTest {
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    final FakeClock clock = new FakeClock(Instant.parse("2026-12-06T10:00:00Z"));

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(ConnectCalls.ENV, clock);

    @RegisterExtension
    final FakeOAuthExtension oauth = new FakeOAuthExtension(clock);

    final ConnectCalls calls = new ConnectCalls(server);

    @Test
    void the_whole_flow_ends_at_the_return_url_with_an_active_connection_whose_token_works() {
        FakeOAuthServer fake = oauth.server();
        calls.setUp(PROVIDER, fake);
        String token = calls.session(Map.of("return_url", APP + "/connected?space=7", "tags", Map.of("space_id", "7"),
                "scopes", List.of("read", "write")));

        ApiResponse end = calls.throughProvider(fake, calls.authorize(token));

        assertThat(end.status()).isEqualTo(302);
        Map<String, String> back = ConnectCalls.query(end.header("Location"));
        assertThat(end.header("Location")).startsWith(APP + "/connected?space=7&connection_id=");
        assertThat(back).containsEntry("status", "connected").containsOnlyKeys("space", "connection_id", "status");
        JsonNode connection = server.api().get("/v1/connections/" + back.get("connection_id")).data();
        assertThat(connection.get("status").asText()).isEqualTo("active");
        assertThat(connection.get("provider_slug").asText()).isEqualTo(PROVIDER);
        assertThat(connection.get("owner").asText()).isEqualTo("user-42");
        assertThat(connection.get("tags")).isEqualTo(server.api().get("/v1/connections/" + back.get("connection_id"))
                .data().get("tags"));
        assertThat(connection.at("/tags/space_id").asText()).isEqualTo("7");
        ApiResponse credentials = server.api().get("/v1/connections/" + back.get("connection_id") + "/credentials");
        assertThat(fake.isLive(credentials.data().get("access_token").asText())).isTrue();
    }

    @Test
    void the_code_is_exchanged_with_the_same_redirect_uri_and_the_verifier_of_the_challenge() throws Exception {
        FakeOAuthServer fake = oauth.server();
        calls.setUp(PROVIDER, fake);
        ApiResponse authorize = calls.authorize(calls.session(Map.of("return_url", APP + "/back")));
        HttpUrl request = ConnectCalls.providerRequest(authorize);

        calls.throughProvider(fake, authorize);

        TokenRequest exchange = fake.tokenRequests().get(0);
        assertThat(exchange.grantType()).isEqualTo("authorization_code");
        assertThat(exchange.succeeded()).isTrue();
        assertThat(exchange.params().get("redirect_uri")).isEqualTo(request.queryParameter("redirect_uri"));
        String verifier = exchange.params().get("code_verifier");
        assertThat(verifier).matches("[A-Za-z0-9_-]{43,128}");
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII)))).isEqualTo(request.queryParameter("code_challenge"));
    }

    @Test
    void a_popup_that_connected_posts_the_connection_id_to_its_origin() {
        FakeOAuthServer fake = oauth.server();
        calls.setUp(PROVIDER, fake);

        ApiResponse page = calls.throughProvider(fake, calls.authorize(calls.session(Map.of("origin", APP))));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).containsPattern("data-connection-id=\"" + UUID + "\"")
                .contains("data-status=\"connected\"", "data-origin=\"" + APP + "\"", "The account is connected.");
    }

    @Test
    void a_challenge_changed_on_the_way_makes_the_provider_refuse_the_verifier() {
        FakeOAuthServer fake = oauth.server();
        calls.setUp(PROVIDER, fake);
        HttpUrl request = ConnectCalls.providerRequest(calls.authorize(calls.session(Map.of("return_url", APP + "/b"))));
        HttpUrl tampered = request.newBuilder().setQueryParameter("code_challenge",
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM").build();

        java.net.URI back = fake.followAuthorization(tampered.toString());
        ApiResponse end = calls.browser().visit(back.getRawPath() + "?" + back.getRawQuery());

        assertThat(end.header("Location")).isEqualTo(APP + "/b?error=exchange_failed");
        assertThat(fake.tokenRequests()).singleElement().satisfies(r -> assertThat(r.succeeded()).isFalse());
        assertThat(server.api().get("/v1/connections?owner=user-42").data()).isEmpty();
    }

    @Test
    void a_provider_that_cannot_take_pkce_gets_no_challenge_and_still_connects() {
        FakeOAuthServer fake = oauth.server();
        fake.settings().pkce(PkcePolicy.REFUSED);
        calls.setUp(ConnectCalls.WITHOUT_PKCE, fake);
        String token = calls.session(ConnectCalls.WITHOUT_PKCE, Map.of("return_url", APP + "/b"));
        ApiResponse authorize = calls.authorize(ConnectCalls.WITHOUT_PKCE, token);

        ApiResponse end = calls.throughProvider(fake, authorize);

        assertThat(ConnectCalls.providerRequest(authorize).queryParameter("code_challenge")).isNull();
        assertThat(ConnectCalls.query(end.header("Location"))).containsEntry("status", "connected");
        assertThat(fake.tokenRequests().get(0).params()).doesNotContainKey("code_verifier");
    }

    @Test
    void the_providers_own_issuer_lets_the_code_be_exchanged() {
        FakeOAuthServer fake = oauth.server();
        calls.setUp(ConnectCalls.WITH_ISSUER, fake);
        fake.settings().callbackIss(fake.issuer());
        String token = calls.session(ConnectCalls.WITH_ISSUER, Map.of("return_url", APP + "/back"));

        ApiResponse end = calls.throughProvider(fake, calls.authorize(ConnectCalls.WITH_ISSUER, token));

        assertThat(ConnectCalls.query(end.header("Location"))).containsEntry("status", "connected");
    }

    @Test
    void a_session_with_connection_id_reauthorizes_that_connection() {
        FakeOAuthServer fake = oauth.server();
        calls.setUp(PROVIDER, fake);
        String first = connect(Map.of("return_url", APP + "/b"));
        String before = accessToken(first);

        String again = connect(Map.of("return_url", APP + "/b", "connection_id", first));

        assertThat(again).isEqualTo(first);
        JsonNode connection = server.api().get("/v1/connections/" + first).data();
        assertThat(connection.get("status").asText()).isEqualTo("active");
        assertThat(connection.get("revision").asInt()).isEqualTo(2);
        assertThat(server.api().get("/v1/connections?owner=user-42").data()).hasSize(1);
        String after = accessToken(first);
        assertThat(after).isNotEqualTo(before);
        assertThat(fake.isLive(after)).isTrue();
        assertThat(server.api().get("/v1/admin/audit-events").body()).contains("connection.reauthorized");
    }

    @Test
    void a_flow_started_on_one_instance_ends_on_another() {
        assumeFalse(server.isSqlite(), "instances share a database only on PostgreSQL");
        FakeOAuthServer fake = oauth.server();
        calls.setUp(PROVIDER, fake);
        TestServer other = server.anotherInstance();
        ApiResponse authorize = calls.authorize(calls.session(Map.of("return_url", APP + "/b")));
        java.net.URI back = fake.followAuthorization(ConnectCalls.providerRequest(authorize).toString());

        ApiResponse end = other.api().withKey(null).visit(back.getRawPath() + "?" + back.getRawQuery());
        ApiResponse replay = calls.browser().visit(back.getRawPath() + "?" + back.getRawQuery());

        String id = ConnectCalls.query(end.header("Location")).get("connection_id");
        assertThat(ConnectCalls.query(end.header("Location"))).containsEntry("status", "connected");
        assertThat(server.api().get("/v1/connections/" + id).data().get("status").asText()).isEqualTo("active");
        assertThat(replay.status()).as("the state was consumed for both instances").isEqualTo(400);
    }

    @Test
    void a_connect_key_starts_the_flow_and_is_the_actor_of_the_connection() {
        FakeOAuthServer fake = oauth.server();
        calls.setUp(PROVIDER, fake);
        String backend = server.server().patchbay().keys().create("backend", dev.patchbay.auth.KeyScope.CONNECT);

        ApiResponse session = server.api().withKey(backend).postJson(ConnectCalls.SESSIONS, "{\"provider_slug\": \""
                + PROVIDER + "\", \"owner\": \"user-42\", \"return_url\": \"" + APP + "/b\"}");
        ApiResponse end = calls.throughProvider(fake, calls.authorize(session.data().get("token").asText()));

        assertThat(session.status()).isEqualTo(201);
        String id = ConnectCalls.query(end.header("Location")).get("connection_id");
        JsonNode events = server.api().get("/v1/admin/audit-events").data();
        assertThat(events).anySatisfy(event -> {
            assertThat(event.get("action").asText()).isEqualTo("connection.created");
            assertThat(event.get("connection_id").asText()).isEqualTo(id);
            assertThat(event.get("actor").asText()).isEqualTo("backend");
        });
    }

    @Test
    void a_connection_of_another_owner_cannot_be_reauthorized() {
        FakeOAuthServer fake = oauth.server();
        calls.setUp(PROVIDER, fake);
        String id = connect(Map.of("return_url", APP + "/b"));

        ApiResponse answer = calls.start("{\"provider_slug\": \"" + PROVIDER + "\", \"owner\": \"user-43\","
                + " \"connection_id\": \"" + id + "\"}");

        ConnectSessionsApiTest.assertProblem(answer, 422);
        assertThat(ConnectSessionsApiTest.pointers(answer)).containsExactly("/connection_id");
    }

    @Test
    void the_flow_is_counted_and_its_secrets_stay_out_of_logs_and_other_answers() {
        FakeOAuthServer fake = oauth.server();
        calls.setUp(PROVIDER, fake);
        String token = calls.session(Map.of("return_url", APP + "/b"));
        ApiResponse authorize = calls.authorize(token);
        String state = ConnectCalls.providerRequest(authorize).queryParameter("state");
        String id = ConnectCalls.query(calls.throughProvider(fake, authorize).header("Location")).get("connection_id");
        String code = fake.tokenRequests().get(0).params().get("code");
        String verifier = fake.tokenRequests().get(0).params().get("code_verifier");
        String access = accessToken(id);

        String metrics = server.api().get("/metrics").body();
        assertThat(metrics).contains("patchbay_connect_flows_total{outcome=\"started\"} 1.0",
                "patchbay_connect_flows_total{outcome=\"connected\"} 1.0");
        String logs = server.logText();
        for (String secret : List.of(token, state, code, verifier, access)) {
            assertThat(logs).doesNotContain(secret);
            assertThat(metrics).doesNotContain(secret);
        }
        assertThat(server.api().get("/v1/connections/" + id).body()).doesNotContain(access);
        assertThat(server.api().get("/v1/admin/audit-events").body()).doesNotContain(access).doesNotContain(code);
    }

    /** A whole flow with these session fields; answers the connection's id. */
    private String connect(Map<String, Object> session) {
        ApiResponse end = calls.throughProvider(oauth.server(), calls.authorize(calls.session(session)));
        Map<String, String> back = ConnectCalls.query(end.header("Location"));
        assertThat(back).as(end.header("Location")).containsEntry("status", "connected");
        return back.get("connection_id");
    }

    private String accessToken(String connectionId) {
        return server.api().get("/v1/connections/" + connectionId + "/credentials?force_refresh=false").data()
                .get("access_token").asText();
    }
}

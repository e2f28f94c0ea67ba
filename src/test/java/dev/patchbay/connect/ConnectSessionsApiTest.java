package dev.patchbay.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.FakeClock;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.StubDescriptors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.Map;

import static dev.patchbay.connect.ConnectCalls.APP;
import static dev.patchbay.connect.ConnectCalls.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /v1/connect-sessions}: what starts a flow, and every request that cannot. */
class ConnectSessionsApiTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    final FakeClock clock = new FakeClock(NOW);

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(ConnectCalls.ENV, clock);

    final ConnectCalls calls = new ConnectCalls(server);

    @Test
    void a_session_answers_201_with_its_token_authorize_url_and_an_expiry_ten_minutes_on() {
        calls.setUp("https://acme.example.com");

        ApiResponse answer = calls.start("{\"provider_slug\": \"" + PROVIDER + "\", \"owner\": \"user-42\"}");

        assertThat(answer.status()).isEqualTo(201);
        JsonNode data = answer.data();
        String token = data.get("token").asText();
        assertThat(token).matches("[A-Za-z0-9_-]{43,}");
        assertThat(data.get("authorize_url").asText()).isEqualTo(server.server().baseUrl()
                + "/v1/connectors/oauth/" + PROVIDER + "/authorize?token=" + token);
        assertThat(data.get("expires_at").asText()).isEqualTo("2026-12-06T10:10:00Z");
    }

    @Test
    void each_session_has_its_own_token() {
        calls.setUp("https://acme.example.com");

        assertThat(calls.session(Map.of())).isNotEqualTo(calls.session(Map.of()));
    }

    @Test
    void the_token_is_kept_only_as_a_hash() throws Exception {
        calls.setUp("https://acme.example.com");

        String token = calls.session(Map.of());

        String url = server.isSqlite() ? "jdbc:sqlite:" + server.dataDir().resolve("patchbay.db")
                : server.database().jdbcUrl();
        try (var db = java.sql.DriverManager.getConnection(url)) {
            var rows = db.createStatement().executeQuery("SELECT * FROM connect_sessions");
            StringBuilder stored = new StringBuilder();
            while (rows.next()) {
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    stored.append(rows.getString(i)).append('|');
                }
            }
            assertThat(stored.toString()).contains("user-42").doesNotContain(token);
        }
    }

    @Test
    void missing_and_invalid_fields_are_each_a_422_entry_with_its_pointer() {
        calls.setUp("https://acme.example.com");
        String tags = "{" + "\"k%d\": \"v\",".repeat(11).formatted(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10) + "\"\": \"v\"}";

        ApiResponse answer = calls.start("{\"provider_slug\": \"" + PROVIDER + "\", \"owner\": \"" + "o".repeat(257)
                + "\", \"tags\": " + tags + ", \"scopes\": [\"a b\"], \"connection_id\": \"nope\", \"colour\": 1}");

        assertProblem(answer, 422);
        assertThat(pointers(answer)).contains("/owner", "/tags", "/tags/", "/scopes/0", "/connection_id", "/colour");
    }

    @Test
    void owner_is_required() {
        calls.setUp("https://acme.example.com");

        ApiResponse answer = calls.start("{\"provider_slug\": \"" + PROVIDER + "\"}");

        assertProblem(answer, 422);
        assertThat(pointers(answer)).containsExactly("/owner");
    }

    @Test
    void a_body_that_is_not_an_object_is_a_422() {
        assertProblem(calls.start("[]"), 422);
    }

    @Test
    void an_unknown_provider_is_a_422_on_provider_slug() {
        ApiResponse answer = calls.start("{\"provider_slug\": \"no-such-provider\", \"owner\": \"user-42\"}");

        assertProblem(answer, 422);
        assertThat(pointers(answer)).containsExactly("/provider_slug");
    }

    @Test
    void a_provider_that_does_not_use_oauth2_is_a_422() {
        ApiResponse answer = calls.start("{\"provider_slug\": \"" + StubDescriptors.API_KEY + "\", \"owner\": \"u\"}");

        assertProblem(answer, 422);
        assertThat(pointers(answer)).containsExactly("/provider_slug");
        assertThat(answer.json().at("/errors/0/message").asText()).contains("POST /v1/connections");
    }

    @Test
    void a_provider_that_is_not_set_up_is_409_setup_missing() {
        ApiResponse answer = calls.start("{\"provider_slug\": \"" + PROVIDER + "\", \"owner\": \"user-42\"}");

        assertProblem(answer, 409);
        assertThat(answer.json().get("type").asText()).endsWith("/setup-missing");
    }

    @Test
    void a_return_url_of_another_origin_is_a_422() {
        calls.setUp("https://acme.example.com");

        for (String url : new String[] {"https://evil.example.com/back", "https://app.example.com.evil.com/",
                "http://app.example.com/back", "https://app.example.com:8443/back", "//evil.example.com/",
                "javascript:alert(1)", "https://app.example.com/back#fragment", "https://user@app.example.com/"}) {
            ApiResponse answer = calls.start("{\"provider_slug\": \"" + PROVIDER + "\", \"owner\": \"u\", \"return_url\": \""
                    + url + "\"}");

            assertProblem(answer, 422);
            assertThat(pointers(answer)).as(url).containsExactly("/return_url");
        }
    }

    @Test
    void an_origin_that_is_not_allowed_or_not_an_origin_is_a_422() {
        calls.setUp("https://acme.example.com");

        for (String origin : new String[] {"https://evil.example.com", "https://app.example.com/path", "null", "*"}) {
            ApiResponse answer = calls.start("{\"provider_slug\": \"" + PROVIDER + "\", \"owner\": \"u\", \"origin\": \""
                    + origin + "\"}");

            assertProblem(answer, 422);
            assertThat(pointers(answer)).as(origin).containsExactly("/origin");
        }
    }

    @Test
    void allowed_origins_match_exactly_with_default_ports_ignored() {
        calls.setUp("https://acme.example.com");

        calls.session(Map.of("return_url", "https://APP.example.com:443/connected?x=1", "origin", APP));
        calls.session(Map.of("return_url", "http://localhost:3000/done", "origin", "http://localhost:3000"));
    }

    @Test
    void a_connection_id_that_names_no_connection_of_this_owner_is_a_422() {
        calls.setUp("https://acme.example.com");

        ApiResponse answer = calls.start("{\"provider_slug\": \"" + PROVIDER + "\", \"owner\": \"u\","
                + " \"connection_id\": \"0b8f3a52-6c1e-4a57-9d7e-3f1f2b9c4d10\"}");

        assertProblem(answer, 422);
        assertThat(pointers(answer)).containsExactly("/connection_id");
    }

    @Test
    void a_read_key_may_not_start_a_session() {
        calls.setUp("https://acme.example.com");
        String readKey = server.server().patchbay().keys().create("reader", dev.patchbay.auth.KeyScope.READ);

        ApiResponse answer = server.api().withKey(readKey).postJson(ConnectCalls.SESSIONS,
                "{\"provider_slug\": \"" + PROVIDER + "\", \"owner\": \"u\"}");

        assertProblem(answer, 403);
    }

    @Test
    void query_parameters_are_a_400() {
        calls.setUp("https://acme.example.com");

        ApiResponse answer = server.api().postJson(ConnectCalls.SESSIONS + "?dry_run=true",
                "{\"provider_slug\": \"" + PROVIDER + "\", \"owner\": \"u\"}");

        assertProblem(answer, 400);
    }

    /** Without PATCHBAY_CONNECT_ALLOWED_ORIGINS, no return URL or origin is accepted. */
    @Nested
    class WithoutAllowedOrigins {
        @RegisterExtension
        final PatchbayServerExtension bare = new PatchbayServerExtension(Map.of(
                "PATCHBAY_PROVIDERS_DIR", ConnectCalls.PROVIDERS.toString()));

        @Test
        void any_return_url_or_origin_is_a_422() {
            new ConnectCalls(bare).setUp("https://acme.example.com");

            ApiResponse answer = new ConnectCalls(bare).start("{\"provider_slug\": \"" + PROVIDER + "\", \"owner\": \"u\","
                    + " \"return_url\": \"" + APP + "/back\", \"origin\": \"" + APP + "\"}");

            assertProblem(answer, 422);
            assertThat(pointers(answer)).containsExactlyInAnyOrder("/return_url", "/origin");
            assertThat(answer.body()).contains("PATCHBAY_CONNECT_ALLOWED_ORIGINS");
        }

        @Test
        void patchbays_own_origin_is_an_allowed_origin_but_not_a_return_url() {
            new ConnectCalls(bare).setUp("https://acme.example.com");
            String own = bare.server().baseUrl();

            ApiResponse popup = new ConnectCalls(bare).start("{\"provider_slug\": \"" + PROVIDER + "\", \"owner\": \"u\","
                    + " \"origin\": \"" + own + "\"}");
            ApiResponse back = new ConnectCalls(bare).start("{\"provider_slug\": \"" + PROVIDER + "\", \"owner\": \"u\","
                    + " \"return_url\": \"" + own + "/console\"}");

            assertThat(popup.status()).as(popup.body()).isEqualTo(201);
            assertProblem(back, 422);
            assertThat(pointers(back)).containsExactly("/return_url");
        }
    }

    static void assertProblem(ApiResponse answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }

    static java.util.List<String> pointers(ApiResponse answer) {
        java.util.List<String> pointers = new java.util.ArrayList<>();
        answer.json().path("errors").forEach(error -> pointers.add(error.get("pointer").asText()));
        return pointers;
    }
}

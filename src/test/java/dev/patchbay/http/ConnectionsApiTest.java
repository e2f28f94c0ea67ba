package dev.patchbay.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.auth.KeyScope;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.ConnectableProviders;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.oauth.FakeOAuthExtension;
import dev.patchbay.testing.oauth.IssuedTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
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
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /v1/connections}: import with idempotency, list and get, delete with revocation, reset, scopes. */
class ConnectionsApiTest {
    private static final Path PROVIDERS = ConnectableProviders.inTemporaryDirectory();

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
    void an_import_without_an_idempotency_key_is_400_and_creates_nothing() {
        IssuedTokens tokens = oauth.server().issueTokens(CLIENT_ID, List.of("read"));

        ApiResponse refused = importConnection(api, oauthBody(OAUTH, "user-1", tokens, 3600L, Map.of()), null);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Idempotency-Key");
        assertThat(api.get(CONNECTIONS).data()).isEmpty();
    }

    @Test
    void an_import_creates_an_active_connection_that_shows_no_token() {
        IssuedTokens tokens = oauth.server().issueTokens(CLIENT_ID, List.of("read"));

        ApiResponse created = importConnection(api, oauthBody(OAUTH, "user-1", tokens, 3600L,
                Map.of("space_id", "s-1")), "import-1");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode connection = created.data();
        assertThat(connection.get("status").asText()).isEqualTo("active");
        assertThat(connection.get("owner").asText()).isEqualTo("user-1");
        assertThat(connection.get("auth_type").asText()).isEqualTo("oauth2");
        assertThat(connection.at("/tags/space_id").asText()).isEqualTo("s-1");
        assertThat(connection.get("scopes").get(0).asText()).isEqualTo("read");
        assertThat(connection.get("expires_at").isNull()).isFalse();
        assertThat(connection.get("revision").asLong()).isEqualTo(1);
        assertThat(created.body()).doesNotContain(tokens.accessToken()).doesNotContain(tokens.refreshToken());
        ApiResponse read = api.get(CONNECTIONS + "/" + connection.get("id").asText());
        assertThat(read.data()).isEqualTo(connection);
        JsonNode event = api.get("/v1/admin/audit-events?connection_id=" + connection.get("id").asText()).data().get(0);
        assertThat(event.get("action").asText()).isEqualTo("connection.created");
        assertThat(event.get("provider_slug").asText()).isEqualTo(OAUTH);
        assertThat(server.logText()).doesNotContain(tokens.accessToken()).doesNotContain(tokens.refreshToken());
    }

    @Test
    void the_same_key_with_the_same_body_answers_the_first_answer_and_creates_one_connection() {
        IssuedTokens tokens = oauth.server().issueTokens(CLIENT_ID, List.of("read"));
        String body = oauthBody(OAUTH, "user-1", tokens, 3600L, Map.of("a", "1", "b", "2"));
        ApiResponse first = importConnection(api, body, "import-once");
        // The same JSON value with its keys in another order and other spacing is the same request.
        String reordered = oauthBody(OAUTH, "user-1", tokens, 3600L, Map.of("b", "2", "a", "1"))
                .replace(",", " , ");

        ApiResponse again = importConnection(api, reordered, "import-once");

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(api.get(CONNECTIONS).data()).hasSize(1);
    }

    @Test
    void the_same_key_with_another_body_is_422_and_creates_nothing() {
        IssuedTokens tokens = oauth.server().issueTokens(CLIENT_ID, List.of("read"));
        importConnection(api, oauthBody(OAUTH, "user-1", tokens, 3600L, Map.of()), "import-twice");

        ApiResponse other = importConnection(api, oauthBody(OAUTH, "user-2", tokens, 3600L, Map.of()), "import-twice");

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.json().get("type").asText()).endsWith("/idempotency-key-reused");
        assertThat(api.get(CONNECTIONS).data()).hasSize(1);
    }

    @Test
    void an_invalid_import_is_422_with_one_error_per_problem_and_no_value_quoted() {
        String body = "{\"provider_slug\":\"" + OAUTH + "\",\"owner\":\"\",\"tags\":{\"k:v\":\"x\"},"
                + "\"credential\":{\"access_token\":\"" + server.secret("bad-import") + "\",\"expires_in\":-5,\"extra\":1}}";

        ApiResponse refused = importConnection(api, body, "bad-import");

        assertThat(refused.status()).isEqualTo(422);
        List<String> pointers = new ArrayList<>();
        refused.json().get("errors").forEach(error -> pointers.add(error.get("pointer").asText()));
        assertThat(pointers).contains("/owner", "/tags/k:v", "/credential/expires_in", "/credential/extra");
        assertThat(api.get(CONNECTIONS).data()).isEmpty();
    }

    @Test
    void an_import_for_a_provider_that_is_not_set_up_is_409_setup_missing() {
        IssuedTokens tokens = oauth.server().issueTokens(CLIENT_ID, List.of("read"));

        ApiResponse refused = importConnection(api, oauthBody(ConnectableProviders.NO_REVOCATION, "user-1", tokens,
                3600L, Map.of()), "not-set-up");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("type").asText()).endsWith("/setup-missing");
    }

    @Test
    void an_api_key_connection_keeps_its_own_key_and_hands_it_out_as_its_credential() {
        assertThat(api.setup(ConnectableProviders.OWN_KEY, "{\"base_url\":\"" + oauth.server().baseUrl() + "\"}")
                .status()).isEqualTo(200);
        String key = "account-key-" + java.util.UUID.randomUUID();
        String body = "{\"provider_slug\":\"" + ConnectableProviders.OWN_KEY + "\",\"owner\":\"tenant-9\","
                + "\"credential\":{\"account_key\":\"" + key + "\",\"region\":\"eu\"}}";

        ApiResponse created = importConnection(api, body, "own-key");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(key);
        JsonNode credential = credentials(api, created.data().get("id").asText(), "").data();
        assertThat(credential.get("type").asText()).isEqualTo("api_key");
        assertThat(credential.get("account_key").asText()).isEqualTo(key);
        ApiResponse wrong = importConnection(api, body.replace("\"eu\"", "\"mars\""), "own-key-2");
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.json().at("/errors/0/pointer").asText()).isEqualTo("/credential/region");
    }

    @Test
    void the_list_filters_by_provider_owner_status_and_every_tag_and_pages_with_a_cursor() {
        String a = connectTagged("owner-a", Map.of("team", "red", "env", "prod"));
        String b = connectTagged("owner-a", Map.of("team", "red", "env", "dev"));
        String c = connectTagged("owner-b", Map.of("team", "red", "env", "prod"));
        api.delete(CONNECTIONS + "/" + c);

        assertThat(ids("?owner=owner-a")).containsExactly(a, b);
        assertThat(ids("?tag=team:red&tag=env:prod")).containsExactly(a, c);
        assertThat(ids("?tag=team:red&tag=env:prod&status=active")).containsExactly(a);
        assertThat(ids("?provider_slug=" + OAUTH + "&status=disconnected")).containsExactly(c);
        assertThat(ids("?tag=team:blue")).isEmpty();
        ApiResponse firstPage = api.get(CONNECTIONS + "?limit=2");
        assertThat(ids(firstPage)).containsExactly(a, b);
        String cursor = firstPage.json().at("/meta/next_cursor").asText();
        ApiResponse secondPage = api.get(CONNECTIONS + "?limit=2&cursor=" + cursor);
        assertThat(ids(secondPage)).containsExactly(c);
        assertThat(secondPage.json().at("/meta/next_cursor").isNull()).isTrue();
        assertThat(api.get(CONNECTIONS + "?status=gone").status()).isEqualTo(400);
        assertThat(api.get(CONNECTIONS + "?tag=novalue").status()).isEqualTo(400);
        assertThat(api.get(CONNECTIONS + "?cursor=not-ours").status()).isEqualTo(400);
    }

    @Test
    void every_filter_pages_through_its_matches_in_id_order_with_the_cursor() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            all.add(connectTagged("owner-" + (i % 2), Map.of("plan", i % 3 == 0 ? "free" : "pro", "space", "s-" + (i % 2))));
        }
        api.delete(CONNECTIONS + "/" + all.get(4));

        assertThat(allPages("?tag=plan:pro")).containsExactlyElementsOf(inIdOrder(all.get(1), all.get(2), all.get(4), all.get(5)));
        assertThat(allPages("?tag=plan:pro&status=active")).containsExactlyElementsOf(inIdOrder(all.get(1), all.get(2), all.get(5)));
        assertThat(allPages("?tag=plan:pro&tag=space:s-0")).containsExactlyElementsOf(inIdOrder(all.get(2), all.get(4)));
        assertThat(allPages("?owner=owner-0&tag=plan:pro")).containsExactlyElementsOf(inIdOrder(all.get(2), all.get(4)));
        assertThat(allPages("?owner=owner-0&provider_slug=" + OAUTH + "&status=active"))
                .containsExactlyElementsOf(inIdOrder(all.get(0), all.get(2), all.get(6)));
        assertThat(allPages("?provider_slug=" + OAUTH)).containsExactlyElementsOf(inIdOrder(all.toArray(String[]::new)));
        assertThat(allPages("?provider_slug=" + OAUTH + "&status=disconnected")).containsExactlyElementsOf(inIdOrder(all.get(4)));
        assertThat(allPages("?provider_slug=other&tag=plan:pro")).isEmpty();
    }

    /** Ids created within one millisecond are in random order: a list is in id order, not in creation order. */
    private static List<String> inIdOrder(String... ids) {
        return java.util.Arrays.stream(ids).sorted().toList();
    }

    /** Every page of {@code query}, two connections at a time, following next_cursor to the end. */
    private List<String> allPages(String query) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            ApiResponse page = api.get(CONNECTIONS + query + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            ids.addAll(ids(page));
            JsonNode next = page.json().at("/meta/next_cursor");
            cursor = next.isNull() || next.isMissingNode() ? null : next.asText();
        } while (cursor != null);
        return ids;
    }

    @Test
    void an_unknown_or_malformed_connection_id_is_404() {
        assertThat(api.get(CONNECTIONS + "/0b8f3a52-6c1e-4a57-9d7e-3f1f2b9c4d10").status()).isEqualTo(404);
        assertThat(api.get(CONNECTIONS + "/not-an-id").status()).isEqualTo(404);
        assertThat(api.delete(CONNECTIONS + "/not-an-id").status()).isEqualTo(404);
    }

    @Test
    void delete_revokes_at_the_provider_destroys_the_tokens_and_is_idempotent() {
        IssuedTokens tokens = oauth.server().issueTokens(CLIENT_ID, List.of("read"));
        String id = importConnection(api, oauthBody(OAUTH, "user-1", tokens, 3600L, Map.of()), "to-delete")
                .data().get("id").asText();

        ApiResponse deleted = api.delete(CONNECTIONS + "/" + id);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.data().get("status").asText()).isEqualTo("disconnected");
        assertThat(oauth.server().revocations()).hasSize(1);
        assertThat(oauth.server().revocations().get(0).token()).isEqualTo(tokens.refreshRef());
        assertThat(oauth.server().isRevoked(tokens.refreshToken())).isTrue();
        ApiResponse again = api.delete(CONNECTIONS + "/" + id);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.data()).isEqualTo(deleted.data());
        assertThat(oauth.server().revocations()).as("a second delete calls nobody").hasSize(1);
        ApiResponse credentials = credentials(api, id, "");
        assertThat(credentials.status()).isEqualTo(409);
        assertThat(credentials.json().get("type").asText()).endsWith("/connection-disconnected");
        JsonNode event = api.get("/v1/admin/audit-events?connection_id=" + id).data().get(0);
        assertThat(event.get("action").asText()).isEqualTo("connection.deleted");
    }

    @Test
    void a_failed_revocation_does_not_stop_the_delete() {
        String id = connect(api, oauth.server(), OAUTH, "user-1", 3600L);
        // Port 1 on loopback refuses every connection.
        assertThat(api.send("PATCH", Api.PROVIDERS + "/" + OAUTH + "/setup", "{\"base_url\":\"http://127.0.0.1:1\"}",
                "application/merge-patch+json", Map.of()).status()).isEqualTo(200);

        ApiResponse deleted = api.delete(CONNECTIONS + "/" + id);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.data().get("status").asText()).isEqualTo("disconnected");
    }

    @Test
    void a_reset_disconnects_every_connection_of_the_provider_and_its_audit_event_counts_them() {
        String first = connect(api, oauth.server(), OAUTH, "user-1", 3600L);
        connect(api, oauth.server(), OAUTH, "user-2", 3600L);
        JsonNode before = api.provider(OAUTH).data().get("connections");
        assertThat(before.get("active").asLong()).isEqualTo(2);
        assertThat(before.get("needs_reauth").asLong()).isZero();
        String etagBefore = api.provider(OAUTH).header("ETag");

        ApiResponse reset = api.reset(OAUTH);

        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.data().at("/connections/active").asLong()).isZero();
        assertThat(reset.header("ETag")).isNotEqualTo(etagBefore);
        assertThat(api.get(CONNECTIONS + "?status=disconnected").data()).hasSize(2);
        assertThat(credentials(api, first, "").status()).isEqualTo(409);
        JsonNode event = api.get("/v1/admin/audit-events?provider_slug=" + OAUTH).data().get(0);
        assertThat(event.get("action").asText()).isEqualTo("provider.reset");
        assertThat(event.get("connections_disconnected").asLong()).isEqualTo(2);
    }

    @Test
    void the_provider_counts_follow_imports_and_deletes_and_its_etag_changes_with_them() {
        String etagWithout = api.provider(OAUTH).header("ETag");
        String id = connect(api, oauth.server(), OAUTH, "user-1", 3600L);

        ApiResponse with = api.provider(OAUTH);

        assertThat(with.data().at("/connections/active").asLong()).isEqualTo(1);
        assertThat(with.header("ETag")).isNotEqualTo(etagWithout);
        assertThat(api.send("GET", Api.PROVIDERS + "/" + OAUTH, null, null, Map.of("If-None-Match", etagWithout))
                .status()).as("an old tag no longer matches").isEqualTo(200);
        api.delete(CONNECTIONS + "/" + id);
        assertThat(api.provider(OAUTH).data().at("/connections/active").asLong()).isZero();
    }

    @Test
    void a_read_key_lists_and_reads_connections_but_not_their_credentials() {
        String id = connect(api, oauth.server(), OAUTH, "user-1", 3600L);
        Api reader = api.withKey(server.server().patchbay().keys().create("reader", KeyScope.READ));

        assertThat(reader.get(CONNECTIONS).status()).isEqualTo(200);
        assertThat(reader.get(CONNECTIONS + "/" + id).status()).isEqualTo(200);
        ApiResponse refused = credentials(reader, id, "");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(reader.delete(CONNECTIONS + "/" + id).status()).isEqualTo(403);
    }

    @Test
    void a_connect_key_uses_connections_but_cannot_set_up_or_read_providers() {
        Api app = api.withKey(server.server().patchbay().keys().create("backend", KeyScope.CONNECT));

        String id = connect(app, oauth.server(), OAUTH, "user-1", 3600L);

        assertThat(credentials(app, id, "").status()).isEqualTo(200);
        assertThat(app.get(CONNECTIONS).status()).isEqualTo(200);
        assertThat(app.setup(OAUTH, "{\"client_id\":\"x\",\"client_secret\":\"y\",\"base_url\":\"z\"}").status())
                .isEqualTo(403);
        assertThat(app.reset(OAUTH).status()).isEqualTo(403);
        assertThat(app.provider(OAUTH).status()).isEqualTo(403);
        assertThat(app.get("/v1/admin/audit-events").status()).isEqualTo(403);
        assertThat(app.delete(CONNECTIONS + "/" + id).status()).isEqualTo(200);
        JsonNode event = api.get("/v1/admin/audit-events?connection_id=" + id).data();
        assertThat(event.get(0).get("actor").asText()).isEqualTo("backend");
    }

    private String connectTagged(String owner, Map<String, String> tags) {
        IssuedTokens tokens = oauth.server().issueTokens(CLIENT_ID, List.of("read"));
        ApiResponse created = importConnection(api, oauthBody(OAUTH, owner, tokens, 3600L, tags),
                java.util.UUID.randomUUID().toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.data().get("id").asText();
    }

    private List<String> ids(String query) {
        ApiResponse page = api.get(CONNECTIONS + query);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return ids(page);
    }

    private static List<String> ids(ApiResponse page) {
        List<String> ids = new ArrayList<>();
        page.data().forEach(connection -> ids.add(connection.get("id").asText()));
        return ids;
    }
}

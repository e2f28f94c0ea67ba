package dev.patchbay.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.auth.KeyScope;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.patchbay.http.SetupCalls.AUDIT;
import static dev.patchbay.http.SetupCalls.MASK;
import static dev.patchbay.http.SetupCalls.assertProblem;
import static dev.patchbay.http.SetupCalls.auditEvents;
import static dev.patchbay.http.SetupCalls.delete;
import static dev.patchbay.http.SetupCalls.github;
import static dev.patchbay.http.SetupCalls.ifMatch;
import static dev.patchbay.http.SetupCalls.patch;
import static dev.patchbay.http.SetupCalls.post;
import static dev.patchbay.http.SetupCalls.texts;
import static org.assertj.core.api.Assertions.assertThat;

/** GET /v1/admin/audit-events: who changed which provider, when; newest first, cursor-paged. */
class AuditEventsTest {
    private static final String SLACK = "{\"client_id\":\"123.456\",\"client_secret\":\"%s\",\"signing_secret\":\"%s\"}";

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    private Api api() {
        return server.api();
    }

    private static Map<String, String> requestId(String id) {
        return Map.of("X-Request-Id", id);
    }

    private void setUpGithub(String clientId) {
        ApiResponse posted = api().setup("github", github(clientId, server.secret("github")));
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
    }

    /** The only event of github, after checking it has the expected action, actor, request id and revision. */
    private JsonNode assertNewestEvent(String action, String actor, String requestId, long revision) {
        JsonNode event = auditEvents(api(), "github").get(0);
        assertThat(event.get("id").asLong()).isPositive();
        assertThat(Instant.parse(event.get("occurred_at").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(event.get("action").asText()).isEqualTo(action);
        assertThat(event.get("provider_slug").asText()).isEqualTo("github");
        assertThat(event.get("actor").asText()).isEqualTo(actor);
        assertThat(event.get("request_id").asText()).isEqualTo(requestId);
        assertThat(event.get("revision").asLong()).isEqualTo(revision);
        return event;
    }

    @Test
    void setup_adds_a_provider_setup_event() {
        post(api(), "github", github("Iv1.abc", server.secret("gh")), requestId("req-setup-1"));

        JsonNode event = assertNewestEvent("provider.setup", "admin", "req-setup-1", 1);
        assertThat(texts(event.get("changed_fields"))).containsExactly("client_id", "client_secret");
    }

    @Test
    void patch_adds_a_provider_updated_event_naming_the_changed_field() {
        setUpGithub("Iv1.abc");

        patch(api(), "github", "{\"client_id\":\"Iv1.def\"}", requestId("req-patch-1"));

        JsonNode event = assertNewestEvent("provider.updated", "admin", "req-patch-1", 2);
        assertThat(texts(event.get("changed_fields"))).containsExactly("client_id");
    }

    @Test
    void second_post_adds_a_provider_updated_event_naming_the_changed_fields() {
        setUpGithub("Iv1.abc");

        post(api(), "github", "{\"client_id\":\"Iv1.abc\",\"client_secret\":\"" + MASK
                + "\",\"scopes\":[\"repo\"]}", requestId("req-post-2"));

        JsonNode event = assertNewestEvent("provider.updated", "admin", "req-post-2", 2);
        assertThat(texts(event.get("changed_fields"))).containsExactly("scopes");
    }

    @Test
    void reset_adds_a_provider_reset_event_naming_the_removed_fields() {
        setUpGithub("Iv1.abc");

        delete(api(), "github", requestId("req-reset-1"));

        JsonNode event = assertNewestEvent("provider.reset", "admin", "req-reset-1", 2);
        assertThat(texts(event.get("changed_fields"))).containsExactly("client_id", "client_secret");
    }

    @Test
    void actor_is_the_name_of_the_key_used() {
        String opsKey = server.server().patchbay().keys().create("ops-admin", KeyScope.ADMIN);

        post(api().withKey(opsKey), "github", github("Iv1.abc", server.secret("gh")), requestId("req-ops-1"));

        assertNewestEvent("provider.setup", "ops-admin", "req-ops-1", 1);
        assertThat(api().provider("github").data().at("/setup/updated_by").asText()).isEqualTo("ops-admin");
    }

    @Test
    void events_are_listed_newest_first() {
        setUpGithub("Iv1.a");
        patch(api(), "github", "{\"client_id\":\"Iv1.b\"}");
        api().reset("github");

        List<JsonNode> events = auditEvents(api(), null);

        assertThat(events).extracting(e -> e.get("action").asText())
                .containsExactly("provider.reset", "provider.updated", "provider.setup");
        assertThat(events).extracting(e -> e.get("revision").asLong()).containsExactly(3L, 2L, 1L);
        assertThat(events).extracting(e -> e.get("id").asLong()).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    @Test
    void provider_slug_filter_lists_only_that_provider() {
        setUpGithub("Iv1.a");
        api().setup("slack", String.format(SLACK, server.secret("slack-client"), server.secret("slack-signing")));
        api().reset("github");

        List<JsonNode> events = auditEvents(api(), "slack");

        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("provider_slug").asText()).isEqualTo("slack");
        assertThat(auditEvents(api(), "github")).extracting(e -> e.get("provider_slug").asText())
                .containsExactly("github", "github");
    }

    @Test
    void limit_and_cursor_paging_visits_every_event_once() {
        for (int i = 0; i < 4; i++) {
            setUpGithub("Iv1.v" + i);
        }
        api().setup("slack", String.format(SLACK, server.secret("slack-client"), server.secret("slack-signing")));
        api().reset("slack");
        api().reset("github");
        List<Long> all = auditEvents(api(), null).stream().map(e -> e.get("id").asLong()).toList();
        assertThat(all).hasSize(7);

        List<Long> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ApiResponse page = api().get(AUDIT + "?limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.data().size()).isBetween(1, 3);
            page.data().forEach(e -> paged.add(e.get("id").asLong()));
            JsonNode next = page.json().at("/meta/next_cursor");
            cursor = next.isNull() ? null : next.asText();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        assertThat(paged).containsExactlyElementsOf(all);
    }

    @Test
    void reset_of_a_provider_not_set_up_adds_no_event() {
        assertThat(api().reset("github").status()).isEqualTo(200);
        setUpGithub("Iv1.a");
        api().reset("github");

        assertThat(api().reset("github").status()).isEqualTo(200);

        assertThat(auditEvents(api(), null)).extracting(e -> e.get("action").asText())
                .containsExactly("provider.reset", "provider.setup");
    }

    @Test
    void dry_runs_add_no_event() {
        post(api(), "github", "?dry_run=true", github("Iv1.a", server.secret("dry")), Map.of());
        setUpGithub("Iv1.a");
        patch(api(), "github", "?dry_run=true", "{\"client_id\":\"Iv1.b\"}", SetupCalls.MERGE_PATCH, Map.of());

        assertThat(auditEvents(api(), null)).extracting(e -> e.get("action").asText()).containsExactly("provider.setup");
    }

    @Test
    void a_write_refused_with_422_adds_no_event() {
        setUpGithub("Iv1.a");

        assertThat(patch(api(), "github", "{\"client_secret\":null}").status()).isEqualTo(422);
        assertThat(api().setup("github", "{\"client_id\":\"Iv1.a\",\"unknown\":1}").status()).isEqualTo(422);

        assertThat(auditEvents(api(), null)).hasSize(1);
    }

    @Test
    void a_write_refused_with_412_adds_no_event() {
        setUpGithub("Iv1.a");

        assertThat(post(api(), "github", github("Iv1.b", server.secret("stale")), ifMatch("\"0\"")).status()).isEqualTo(412);
        assertThat(delete(api(), "github", ifMatch("\"0\"")).status()).isEqualTo(412);

        assertThat(auditEvents(api(), null)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=501", "limit=ten", "limit=", "cursor=abc", "cursor=0", "cursor=-5",
            "unknown=1", "limit=1&limit=2", "provider_slug=Not%20A%20Slug"})
    void a_bad_query_parameter_is_400(String query) {
        assertProblem(api().get(AUDIT + "?" + query), 400);
    }

    @Test
    void a_read_key_may_list_audit_events() {
        setUpGithub("Iv1.a");
        String readKey = server.server().patchbay().keys().create("auditor", KeyScope.READ);

        ApiResponse answer = api().withKey(readKey).get(AUDIT);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.data()).hasSize(1);
    }

    @Test
    void audit_events_never_contain_a_secret_value() {
        List<String> secrets = new ArrayList<>();
        for (String slug : List.of("github", "gitlab", "google-workspace")) {
            String first = server.secret(slug + "-1");
            String second = server.secret(slug + "-2");
            secrets.add(first);
            secrets.add(second);
            assertThat(api().setup(slug, github("id-" + slug, first)).status()).as(slug).isEqualTo(200);
            assertThat(patch(api(), slug, "{\"client_secret\":\"" + second + "\"}").status()).as(slug).isEqualTo(200);
            assertThat(api().reset(slug).status()).as(slug).isEqualTo(200);
        }

        ApiResponse answer = api().get(AUDIT + "?limit=500");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.data()).hasSize(9);
        for (String secret : secrets) {
            assertThat(answer.body()).doesNotContain(secret);
        }
        assertThat(answer.body()).doesNotContain("sekret-");
    }
}

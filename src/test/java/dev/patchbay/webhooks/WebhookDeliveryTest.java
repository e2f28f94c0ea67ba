package dev.patchbay.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.connect.ConnectCalls;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.FakeClock;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.WebhookReceiver;
import dev.patchbay.testing.oauth.FakeOAuthExtension;
import dev.patchbay.testing.oauth.FakeOAuthServer;
import dev.patchbay.testing.oauth.TokenFault;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.patchbay.connect.ConnectCalls.APP;
import static dev.patchbay.connect.ConnectCalls.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook events reach a real receiver on loopback: every type, signed, without secrets; retried after
 * a failure and then no more; in order after the receiver comes back; none for a change that did not
 * commit; signed with both secrets while a rotation overlaps.
 */
class WebhookDeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String SETUP = "/v1/admin/connector-providers/" + PROVIDER + "/setup";

    final FakeClock clock = new FakeClock(Instant.parse("2026-12-06T10:00:00Z"));

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(env(), clock);

    @RegisterExtension
    final FakeOAuthExtension oauth = new FakeOAuthExtension(clock);

    @RegisterExtension
    final WebhookReceiver receiver = new WebhookReceiver();

    private final ConnectCalls calls = new ConnectCalls(server);
    private Api api;
    private String clientSecret;

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>(ConnectCalls.ENV);
        env.put("PATCHBAY_WEBHOOK_POLL_MS", "20");
        return env;
    }

    @BeforeEach
    void set_up() {
        api = server.api();
    }

    @Test
    void every_event_type_arrives_signed_and_without_a_secret_or_token() {
        WebhookCalls.Created endpoint = WebhookCalls.endpoint(api, receiver.url(), EventTypes.ALL);
        FakeOAuthServer fake = oauth.server();
        setUp(fake);
        assertThat(api.send("PATCH", SETUP, "{\"client_id\":\"acme-client\"}", "application/merge-patch+json",
                Map.of()).status()).isEqualTo(200);
        String first = connect(Map.of("return_url", APP + "/b"));
        connect(Map.of("return_url", APP + "/b", "connection_id", first));
        String deleted = connect(Map.of("return_url", APP + "/b"));
        assertThat(api.delete("/v1/connections/" + deleted).status()).isEqualTo(200);
        fake.failNextTokenCalls(1, TokenFault.error("invalid_grant"));
        assertThat(api.get("/v1/connections/" + first + "/credentials?force_refresh=true").status()).isEqualTo(409);
        String active = connect(Map.of("return_url", APP + "/b"));
        String token = api.get("/v1/connections/" + active + "/credentials").data().get("access_token").asText();
        assertThat(api.reset(PROVIDER).status()).isEqualTo(200);

        List<WebhookReceiver.Received> got = receiver.await(received -> received.stream()
                .map(WebhookReceiver.Received::eventType).collect(Collectors.toSet()).containsAll(EventTypes.ALL)
                && received.stream().filter(r -> "connection.disconnected".equals(r.eventType())).count() == 2, WAIT);

        for (WebhookReceiver.Received event : got) {
            assertThat(event.signedWith(endpoint.secret())).as(event.body()).isTrue();
            JsonNode body = event.json();
            assertThat(body.get("id").asText()).isEqualTo(event.eventId());
            assertThat(body.get("type").asText()).isEqualTo(event.eventType());
            assertThat(body.get("occurred_at").asText()).isNotEmpty();
            assertThat(event.body()).doesNotContain(clientSecret).doesNotContain(token)
                    .doesNotContain(endpoint.secret()).doesNotContain("access_token").doesNotContain("refresh_token");
        }
        JsonNode created = only(got, "connection.created", first).get("data");
        assertThat(created.get("status").asText()).isEqualTo("active");
        assertThat(created.get("revision").asLong()).isEqualTo(1);
        assertThat(only(got, "connection.reauthorized", first).at("/data/revision").asLong()).isEqualTo(2);
        assertThat(only(got, "connection.needs_reauth", first).at("/data/status").asText()).isEqualTo("needs_reauth");
        assertThat(only(got, "connection.deleted", deleted).at("/data/status").asText()).isEqualTo("disconnected");
        JsonNode disconnected = only(got, "connection.disconnected", active).get("data");
        assertThat(disconnected).isEqualTo(api.get("/v1/connections/" + active).data());
        JsonNode setUp = got.stream().filter(r -> r.eventType().equals("provider.setup")).findFirst().orElseThrow()
                .json().get("data");
        assertThat(setUp.at("/setup/config/client_secret").asText()).isEqualTo("********");
        assertThat(setUp.at("/setup/revision").asLong()).isEqualTo(1);
        JsonNode reset = got.stream().filter(r -> r.eventType().equals("provider.reset")).findFirst().orElseThrow()
                .json().get("data");
        assertThat(reset.get("setup_complete").asBoolean()).isFalse();
        assertThat(reset).isEqualTo(api.provider(PROVIDER).data());
    }

    @Test
    void a_receiver_answering_500_gets_the_event_again_and_then_no_more() {
        WebhookCalls.Created endpoint = WebhookCalls.endpoint(api, receiver.url(), List.of("provider.setup",
                "provider.updated"));
        receiver.answer(n -> n == 0 ? 500 : 200);
        setUp(oauth.server());
        receiver.await(received -> received.size() == 1, WAIT);
        JsonNode pending = awaitDelivery(endpoint.id(), d -> d.get("attempts").asInt() == 1);
        assertThat(pending.get("status").asText()).isEqualTo("pending");
        assertThat(pending.get("last_status").asInt()).isEqualTo(500);
        assertThat(Instant.parse(pending.get("next_attempt_at").asText())).isAfter(clock.instant());

        clock.advance(Duration.ofMinutes(1));
        List<WebhookReceiver.Received> got = receiver.await(received -> received.size() == 2, WAIT);

        assertThat(got.get(1).eventId()).isEqualTo(got.get(0).eventId());
        assertThat(got.get(1).body()).isEqualTo(got.get(0).body());
        JsonNode delivered = awaitDelivery(endpoint.id(), d -> d.get("status").asText().equals("delivered"));
        assertThat(delivered.get("attempts").asInt()).isEqualTo(2);
        assertThat(delivered.get("last_status").asInt()).isEqualTo(200);
        assertThat(delivered.get("next_attempt_at").isNull()).isTrue();
        clock.advance(Duration.ofDays(1));
        // A later event of the same provider comes after it: had the first been sent again, it would be here.
        patch();
        List<WebhookReceiver.Received> after = receiver.await(received -> received.size() >= 3
                && received.get(received.size() - 1).eventType().equals("provider.updated"), WAIT);
        assertThat(after).hasSize(3);
    }

    @Test
    void a_receiver_down_for_a_while_gets_the_backlog_in_order_when_it_returns() {
        String endpointId = WebhookCalls.endpoint(api, receiver.url(), List.of("provider.setup", "provider.updated",
                "provider.reset")).id();
        boolean[] down = {true};
        receiver.answer(n -> down[0] ? 503 : 200);
        setUp(oauth.server());
        for (int i = 0; i < 5; i++) {
            patch();
        }
        assertThat(api.reset(PROVIDER).status()).isEqualTo(200);
        for (int attempt = 1; attempt <= 3; attempt++) {
            int seen = attempt;
            receiver.await(received -> received.size() >= seen, WAIT);
            awaitAttempts(endpointId, seen);
            clock.advance(Duration.ofHours(7));
        }
        assertThat(receiver.received()).as("only the oldest event is tried while it fails")
                .extracting(WebhookReceiver.Received::eventType).containsOnly("provider.setup");

        down[0] = false;
        clock.advance(Duration.ofHours(7));
        List<WebhookReceiver.Received> accepted = receiver.await(received -> received.stream()
                .filter(r -> r.answered() == 200).count() == 7, WAIT).stream().filter(r -> r.answered() == 200).toList();

        assertThat(accepted).extracting(WebhookReceiver.Received::eventType).containsExactly("provider.setup",
                "provider.updated", "provider.updated", "provider.updated", "provider.updated", "provider.updated",
                "provider.reset");
        assertThat(accepted.subList(0, 6)).extracting(r -> r.json().at("/data/setup/revision").asLong())
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void a_change_that_does_not_commit_sends_nothing() {
        String endpointId = WebhookCalls.endpoint(api, receiver.url(), EventTypes.ALL).id();
        assertThat(api.setup(PROVIDER, "{\"client_id\": 7}").status()).isEqualTo(422);
        assertThat(api.send("PATCH", SETUP, "{\"client_id\":\"x\"}", "application/merge-patch+json", Map.of())
                .status()).isEqualTo(409);
        setUp(oauth.server());
        assertThat(api.send("DELETE", SETUP, null, null, Map.of("If-Match", "\"7\"")).status()).isEqualTo(412);
        assertThat(api.send("PATCH", SETUP, "{\"client_id\": 7}", "application/merge-patch+json", Map.of())
                .status()).isEqualTo(422);
        patch();

        List<WebhookReceiver.Received> got = receiver.await(received -> received.size() >= 2, WAIT);

        assertThat(got).extracting(WebhookReceiver.Received::eventType).containsExactly("provider.setup",
                "provider.updated");
        assertThat(WebhookCalls.deliveries(api, endpointId)).hasSize(2);
    }

    @Test
    void a_rotated_secret_signs_beside_the_new_one_for_24_hours() {
        WebhookCalls.Created endpoint = WebhookCalls.endpoint(api, receiver.url(), List.of("provider.setup",
                "provider.updated"));
        ApiResponse rotated = api.send("POST", WebhookCalls.ENDPOINTS + "/" + endpoint.id() + "/rotate-secret", null, null,
                Map.of());
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String fresh = rotated.data().get("secret").asText();
        assertThat(fresh).isNotEqualTo(endpoint.secret()).startsWith("whsec_");
        assertThat(Instant.parse(rotated.data().get("previous_secret_expires_at").asText()))
                .isEqualTo(clock.instant().plus(Duration.ofHours(24)));

        setUp(oauth.server());
        WebhookReceiver.Received during = receiver.await(received -> received.size() == 1, WAIT).get(0);
        clock.advance(Duration.ofHours(25));
        patch();
        WebhookReceiver.Received after = receiver.await(received -> received.size() == 2, WAIT).get(1);

        assertThat(during.signatureCount()).isEqualTo(2);
        assertThat(during.signedWith(fresh)).isTrue();
        assertThat(during.signedWith(endpoint.secret())).isTrue();
        assertThat(after.signatureCount()).isEqualTo(1);
        assertThat(after.signedWith(fresh)).isTrue();
        assertThat(after.signedWith(endpoint.secret())).isFalse();
    }

    private void setUp(FakeOAuthServer fake) {
        clientSecret = server.secret("client-secret");
        ApiResponse answer = api.setup(PROVIDER, "{\"client_id\": \"acme-client\", \"client_secret\": \""
                + clientSecret + "\", \"base_url\": \"" + fake.baseUrl() + "\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        fake.registerClient("acme-client", clientSecret, server.server().baseUrl() + "/v1/connectors/oauth/callback");
    }

    private void patch() {
        ApiResponse patched = api.send("PATCH", SETUP, "{\"client_id\":\"acme-client\"}",
                "application/merge-patch+json", Map.of());
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    }

    private String connect(Map<String, Object> session) {
        ApiResponse end = calls.throughProvider(oauth.server(), calls.authorize(calls.session(session)));
        Map<String, String> back = ConnectCalls.query(end.header("Location"));
        assertThat(back).as(end.header("Location")).containsEntry("status", "connected");
        return back.get("connection_id");
    }

    /** The newest delivery of the endpoint once {@code condition} holds of it (the receiver answers before it is recorded). */
    private JsonNode awaitDelivery(String endpointId, java.util.function.Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode delivery = null;
        while (System.nanoTime() < deadline) {
            delivery = WebhookCalls.deliveries(api, endpointId).get(0);
            if (condition.test(delivery)) {
                return delivery;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the delivery is still " + delivery);
    }

    private void awaitAttempts(String endpointId, int attempts) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (setupAttempts(endpointId) < attempts) {
            assertThat(System.nanoTime()).as("attempt " + attempts + " recorded in time").isLessThan(deadline);
        }
    }

    private int setupAttempts(String endpointId) {
        for (JsonNode delivery : WebhookCalls.deliveries(api, endpointId)) {
            if (delivery.get("event_type").asText().equals("provider.setup")) {
                return delivery.get("attempts").asInt();
            }
        }
        return 0;
    }

    private static JsonNode only(List<WebhookReceiver.Received> got, String type, String connectionId) {
        List<JsonNode> matching = got.stream().filter(r -> r.eventType().equals(type))
                .map(WebhookReceiver.Received::json)
                .filter(json -> json.at("/data/id").asText().equals(connectionId)).toList();
        assertThat(matching).as(type + " of " + connectionId).hasSize(1);
        return matching.get(0);
    }

    static Set<String> types(List<WebhookReceiver.Received> got) {
        return got.stream().map(WebhookReceiver.Received::eventType).collect(Collectors.toSet());
    }
}

package dev.patchbay.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.auth.KeyScope;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.StubDescriptors;
import dev.patchbay.testing.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.patchbay.webhooks.WebhookCalls.ENDPOINTS;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /v1/admin/webhook-endpoints}: create with a secret shown once, read, delete, the log and retry, scopes. */
class WebhookEndpointsApiTest {
    private static final String SETUP = "{\"client_id\":\"acme-client\",\"client_secret\":\"s3cr3t-for-webhooks\","
            + "\"base_url\":\"http://127.0.0.1:9\"}";
    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(Map.of(
            "PATCHBAY_PROVIDERS_DIR", StubDescriptors.inTemporaryDirectory().toString(),
            "PATCHBAY_VERIFY_ALLOW_PRIVATE", "true",
            "PATCHBAY_WEBHOOK_POLL_MS", "20"));

    @RegisterExtension
    final WebhookReceiver receiver = new WebhookReceiver();

    @Test
    void a_created_endpoint_shows_its_secret_once_and_never_again() {
        Api api = server.api();
        ApiResponse created = WebhookCalls.create(api, receiver.url(), List.of("provider.setup", "connection.created"));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.data().get("id").asText();
        String secret = created.data().get("secret").asText();
        assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(40);
        assertThat(created.data().get("events")).hasSize(2);
        assertThat(created.data().get("created_by").asText()).isEqualTo("admin");
        ApiResponse read = api.get(ENDPOINTS + "/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).doesNotContain(secret).doesNotContain("\"secret\"");
        assertThat(api.get(ENDPOINTS).data()).hasSize(1);
        assertThat(api.get(ENDPOINTS).body()).doesNotContain(secret);
        assertThat(server.logText()).doesNotContain(secret);
    }

    @Test
    void keys_other_than_admin_are_403_on_every_webhook_call() {
        String id = WebhookCalls.endpoint(server.api(), receiver.url(), List.of("provider.setup")).id();
        for (KeyScope scope : List.of(KeyScope.READ, KeyScope.CONNECT)) {
            Api other = server.api().withKey(server.server().patchbay().keys().create("k-" + scope.wire(), scope));
            assertProblem(other.get(ENDPOINTS), 403);
            assertProblem(other.get(ENDPOINTS + "/" + id), 403);
            assertProblem(other.get(ENDPOINTS + "/" + id + "/deliveries"), 403);
            assertProblem(WebhookCalls.create(other, receiver.url(), List.of("provider.setup")), 403);
            assertProblem(other.delete(ENDPOINTS + "/" + id), 403);
        }
        assertThat(server.api().get(ENDPOINTS).data()).hasSize(1);
    }

    @Test
    void an_invalid_endpoint_is_422_and_stores_nothing() {
        Api api = server.api();
        assertProblem(WebhookCalls.create(api, "ftp://127.0.0.1/x", List.of("provider.setup")), 422);
        assertProblem(WebhookCalls.create(api, "https://user:pw@example.com/x", List.of("provider.setup")), 422);
        assertProblem(WebhookCalls.create(api, "not a url", List.of("provider.setup")), 422);
        assertProblem(WebhookCalls.create(api, receiver.url(), List.of("provider.exploded")), 422);
        assertProblem(WebhookCalls.create(api, receiver.url(), List.of()), 422);
        assertProblem(api.postJson(ENDPOINTS, "{\"url\":\"" + receiver.url() + "\",\"events\":[\"provider.setup\"],"
                + "\"colour\":\"red\"}"), 422);
        assertProblem(api.postJson(ENDPOINTS, "[]"), 422);
        assertThat(api.get(ENDPOINTS).data()).isEmpty();
    }

    @Test
    void the_deliveries_log_shows_each_attempt_and_a_retry_delivers_again() {
        Api api = server.api();
        String id = WebhookCalls.endpoint(api, receiver.url(), List.of("provider.setup")).id();
        assertThat(api.setup(StubDescriptors.OAUTH, SETUP).status()).isEqualTo(200);
        receiver.await(received -> received.size() == 1, Duration.ofSeconds(15));
        JsonNode delivered = awaitDelivered(api, id);
        assertThat(delivered.get("event_type").asText()).isEqualTo("provider.setup");
        assertThat(delivered.get("subject").asText()).isEqualTo(StubDescriptors.OAUTH);
        assertThat(delivered.get("attempts").asInt()).isEqualTo(1);
        assertThat(delivered.get("last_status").asInt()).isEqualTo(200);
        assertThat(delivered.get("event_id").asText()).isEqualTo(receiver.received().get(0).eventId());

        ApiResponse retried = post(api, ENDPOINTS + "/" + id + "/deliveries/" + delivered.get("id").asText() + "/retry");

        assertThat(retried.status()).as(retried.body()).isEqualTo(202);
        List<WebhookReceiver.Received> got = receiver.await(received -> received.size() == 2, Duration.ofSeconds(15));
        assertThat(got.get(1).eventId()).isEqualTo(got.get(0).eventId());
        assertProblem(post(api, ENDPOINTS + "/" + id + "/deliveries/00000000-0000-4000-8000-000000000000/retry"), 404);
    }

    @Test
    void a_deleted_endpoint_is_404_and_gets_nothing_more() {
        Api api = server.api();
        String id = WebhookCalls.endpoint(api, receiver.url(), List.of("provider.setup", "provider.reset")).id();

        ApiResponse deleted = api.delete(ENDPOINTS + "/" + id);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.data().get("id").asText()).isEqualTo(id);
        assertProblem(api.get(ENDPOINTS + "/" + id), 404);
        assertProblem(api.delete(ENDPOINTS + "/" + id), 404);
        assertProblem(api.get(ENDPOINTS + "/not-an-id"), 404);
        assertThat(api.setup(StubDescriptors.OAUTH, SETUP).status()).isEqualTo(200);
        // A second endpoint created after the change proves the event was fanned out before it is checked.
        String later = WebhookCalls.endpoint(api, receiver.url(), List.of("provider.reset")).id();
        assertThat(api.reset(StubDescriptors.OAUTH).status()).isEqualTo(200);
        List<WebhookReceiver.Received> got = receiver.await(received -> !received.isEmpty(), Duration.ofSeconds(15));
        assertThat(got).extracting(WebhookReceiver.Received::eventType).containsExactly("provider.reset");
        assertThat(WebhookCalls.deliveries(api, later)).hasSize(1);
    }

    private static ApiResponse post(Api api, String path) {
        return api.send("POST", path, null, null, Map.of());
    }

    private static void assertProblem(ApiResponse response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private static JsonNode awaitDelivered(Api api, String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonNode delivery = null;
        while (System.nanoTime() < deadline) {
            delivery = WebhookCalls.deliveries(api, id).get(0);
            if (delivery.get("status").asText().equals("delivered")) {
                return delivery;
            }
        }
        throw new AssertionError("not delivered: " + delivery);
    }
}

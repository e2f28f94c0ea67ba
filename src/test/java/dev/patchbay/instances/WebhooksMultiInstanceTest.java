package dev.patchbay.instances;

import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.StubDescriptors;
import dev.patchbay.testing.TestDatabase;
import dev.patchbay.testing.WebhookReceiver;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one PostgreSQL database, both dispatching: each event reaches each endpoint once,
 * and a provider's events arrive in the order they were written.
 */
class WebhooksMultiInstanceTest {
    private static final int CHANGES = 40;
    private static final Map<String, String> ENV = Map.of(
            "PATCHBAY_PROVIDERS_DIR", StubDescriptors.inTemporaryDirectory().toString(),
            "PATCHBAY_VERIFY_ALLOW_PRIVATE", "true",
            "PATCHBAY_WEBHOOK_POLL_MS", "10");

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(ENV);

    @RegisterExtension
    final WebhookReceiver first = new WebhookReceiver();

    @RegisterExtension
    final WebhookReceiver second = new WebhookReceiver();

    @Test
    void two_instances_deliver_each_event_once_per_endpoint_in_order() {
        Assumptions.assumeTrue(TestDatabase.isPostgresRun(), "two instances share a database only on PostgreSQL");
        Api a = server.api();
        Api b = server.anotherInstance().api().withKey(server.server().adminKey());
        for (WebhookReceiver receiver : List.of(first, second)) {
            ApiResponse created = a.postJson("/v1/admin/webhook-endpoints", "{\"url\":\"" + receiver.url()
                    + "\",\"events\":[\"provider.setup\",\"provider.updated\",\"provider.reset\"]}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }
        // Alternating instances, so that both write events and both dispatchers find work.
        for (int i = 0; i < CHANGES; i++) {
            Api via = i % 2 == 0 ? a : b;
            ApiResponse answer = i % 5 == 4 ? via.reset(StubDescriptors.OAUTH)
                    : via.setup(StubDescriptors.OAUTH, "{\"client_id\":\"c-" + i + "\",\"client_secret\":\"s-" + i
                    + "\",\"base_url\":\"http://127.0.0.1:9\"}");
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        }

        for (WebhookReceiver receiver : List.of(first, second)) {
            List<WebhookReceiver.Received> got = receiver.await(received -> received.size() >= CHANGES,
                    Duration.ofSeconds(30));
            Map<String, Long> perEvent = got.stream().collect(Collectors.groupingBy(WebhookReceiver.Received::eventId,
                    Collectors.counting()));
            assertThat(perEvent).hasSize(CHANGES);
            assertThat(perEvent.values()).containsOnly(1L);
            assertThat(got).extracting(r -> r.json().at("/data/setup/config/client_id").asText("reset"))
                    .containsExactlyElementsOf(expectedOrder());
        }
    }

    private static List<String> expectedOrder() {
        return java.util.stream.IntStream.range(0, CHANGES).mapToObj(i -> i % 5 == 4 ? "reset" : "c-" + i).toList();
    }
}

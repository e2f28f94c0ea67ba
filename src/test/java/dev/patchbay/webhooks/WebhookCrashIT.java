package dev.patchbay.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchbay.testing.PatchbayProcess;
import dev.patchbay.testing.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar, killed with SIGKILL while a webhook delivery is in flight, loses no event: after
 * the restart the claim's lease runs out and every event arrives, the interrupted one again with the
 * same id. Runs in {@code mvn verify} (Failsafe), since it needs {@code target/patchbay.jar}.
 */
class WebhookCrashIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_KEY = "pb_webhook-it-" + UUID.randomUUID();
    private static final List<String> PROVIDERS = List.of("github", "gitlab", "slack");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @RegisterExtension
    final WebhookReceiver receiver = new WebhookReceiver();

    @Test
    void a_sigkill_mid_delivery_loses_no_event() throws Exception {
        Path jar = Path.of(System.getProperty("patchbay.jar", "target/patchbay.jar"));
        assertThat(jar).as("the packaged jar (mvn verify builds it before this test)").isRegularFile();
        CountDownLatch firstArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // The first request is held open until the server is dead: its answer never reaches it.
        receiver.beforeAnswer(n -> {
            if (n == 0) {
                firstArrived.countDown();
                await(release);
            }
        });
        Map<String, String> env = Map.of("PATCHBAY_ADMIN_API_KEY", ADMIN_KEY, "PATCHBAY_VERIFY_ALLOW_PRIVATE", "true",
                "PATCHBAY_WEBHOOK_POLL_MS", "50", "PATCHBAY_WEBHOOK_LEASE_MS", "20000");
        Path data = dir.resolve("data");
        try (PatchbayProcess server = PatchbayProcess.start(jar, data, dir.resolve("first.log"), env)) {
            assertThat(send(server, "POST", "/v1/admin/webhook-endpoints", "{\"url\":\"" + receiver.url()
                    + "\",\"events\":[\"provider.setup\"]}").statusCode()).isEqualTo(201);
            for (String slug : PROVIDERS) {
                assertThat(send(server, "POST", "/v1/admin/connector-providers/" + slug + "/setup",
                        "{\"client_id\":\"c\",\"client_secret\":\"s\"}").statusCode()).isEqualTo(200);
            }
            assertThat(firstArrived.await(30, TimeUnit.SECONDS)).as("the first delivery started").isTrue();
            server.kill();
        } finally {
            release.countDown();
        }
        String interrupted = receiver.received().get(0).eventId();

        try (PatchbayProcess server = PatchbayProcess.start(jar, data, dir.resolve("second.log"), env)) {
            List<WebhookReceiver.Received> got = receiver.await(received -> received.stream()
                    .filter(r -> r.answered() == 200).map(WebhookReceiver.Received::eventId).distinct().count()
                    == PROVIDERS.size() && received.stream().skip(1).anyMatch(r -> r.eventId().equals(interrupted)),
                    Duration.ofSeconds(90));
            assertThat(got.stream().map(r -> r.json().at("/data/provider_slug").asText()).distinct())
                    .containsExactlyInAnyOrderElementsOf(PROVIDERS);
            JsonNode endpoints = JSON.readTree(send(server, "GET", "/v1/admin/webhook-endpoints", null).body());
            assertThat(endpoints.at("/data/0/url").asText()).isEqualTo(receiver.url());
            server.stop();
        }
    }

    private static HttpResponse<String> send(PatchbayProcess server, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("X-API-Key", ADMIN_KEY).timeout(Duration.ofSeconds(20));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

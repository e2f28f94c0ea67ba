package dev.patchbay.http;

import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.ProviderStub;
import dev.patchbay.testing.StubDescriptors;
import dev.patchbay.testing.TestServer;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.patchbay.testing.StubDescriptors.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping the service (SIGTERM runs the same close): new connections are refused, requests in
 * progress finish, then the store closes; the stop is logged with its duration.
 */
class GracefulShutdownTest {
    private static final Path PROVIDERS = StubDescriptors.inTemporaryDirectory();

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(Map.of(
            "PATCHBAY_PROVIDERS_DIR", PROVIDERS.toString(),
            "PATCHBAY_VERIFY_ALLOW_PRIVATE", "true"));

    @RegisterExtension
    final ProviderStub stub = new ProviderStub();

    @Test
    void a_verification_in_progress_when_the_service_stops_is_answered_and_recorded() throws Exception {
        TestServer running = server.server();
        assertThat(running.api().setup(API_KEY, "{\"api_key\":\"" + server.secret("api-key") + "\",\"base_url\":\""
                + stub.baseUrl() + "\"}").status()).isEqualTo(200);
        CountDownLatch serviceMayAnswer = new CountDownLatch(1);
        stub.onRequest(request -> {
            await(serviceMayAnswer);
            return new MockResponse.Builder().code(200).body("{}").build();
        });
        CompletableFuture<ApiResponse> verifying = CompletableFuture.supplyAsync(() -> running.api().verify(API_KEY));
        stub.takeRequest(); // the verification is now in progress, waiting on the service

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(running::close);
        awaitLog("Patchbay stopping");
        assertThat(stopping).as("the stop waits for the request in progress").isNotDone();
        serviceMayAnswer.countDown();

        ApiResponse verified = verifying.get(30, TimeUnit.SECONDS);
        stopping.get(30, TimeUnit.SECONDS);
        assertThat(verified.status()).isEqualTo(200);
        assertThat(verified.data().get("ok").asBoolean()).isTrue();
        assertThat(server.logText()).containsPattern("Patchbay stopped in \\d+ ms");
        TestServer again = server.restartWith(Map.of());
        assertThat(again.api().provider(API_KEY).data().at("/setup/last_verification/ok").asBoolean()).isTrue();
    }

    @Test
    void after_the_stop_no_connection_is_accepted_and_the_stop_is_logged() {
        TestServer running = server.server();
        int port = running.patchbay().port();

        running.close();

        assertThat(server.logText()).contains("Patchbay stopping").containsPattern("Patchbay stopped in \\d+ ms");
        assertThat(canConnect(port)).isFalse();
    }

    private static boolean canConnect(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitLog(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!server.logText().contains(text)) {
            assertThat(System.nanoTime()).as("'%s' in the log in time", text).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}

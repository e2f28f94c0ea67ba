package dev.patchbay.http;

import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.ConnectableProviders;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.ProviderStub;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.patchbay.http.ProxyCalls.PROXY;
import static org.assertj.core.api.Assertions.assertThat;

/** The proxy's configurable limits: the request body size and the time the provider has to answer. */
class ProxyLimitsTest {
    private static final Path PROVIDERS = ConnectableProviders.inTemporaryDirectory();

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(Map.of(
            "PATCHBAY_PROVIDERS_DIR", PROVIDERS.toString(),
            "PATCHBAY_VERIFY_ALLOW_PRIVATE", "true",
            "PATCHBAY_PROXY_MAX_BODY_BYTES", "100000",
            "PATCHBAY_PROXY_TIMEOUT_MS", "1000"));

    @RegisterExtension
    final ProviderStub stub = new ProviderStub();

    private Api api;
    private String id;

    @BeforeEach
    void connect_to_the_stub() {
        api = server.api();
        id = ProxyCalls.stubConnection(api, stub.baseUrl(), "stub-key");
    }

    @Test
    void a_body_over_the_limit_is_413_and_nothing_is_sent() {
        ApiResponse answer = api.send("POST", PROXY + id + "/upload", "z".repeat(100_001), "text/plain", Map.of());

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().get("type").asText()).endsWith("/payload-too-large");
        assertThat(stub.requestCount()).isZero();
    }

    @Test
    void a_body_at_the_limit_is_forwarded() {
        stub.answer(201, "{}");

        ApiResponse answer = api.send("POST", PROXY + id + "/upload", "z".repeat(100_000), "text/plain", Map.of());

        assertThat(answer.status()).isEqualTo(201);
        assertThat(stub.takeRequest().getBody().size()).isEqualTo(100_000);
    }

    @Test
    void a_provider_slower_than_the_time_limit_is_504() {
        CountDownLatch release = new CountDownLatch(1);
        stub.onRequest(request -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new MockResponse.Builder().code(200).build();
        });
        try {
            ApiResponse answer = api.get(PROXY + id + "/slow");

            assertThat(answer.status()).isEqualTo(504);
            assertThat(answer.json().get("type").asText()).endsWith("/upstream-timeout");
        } finally {
            release.countDown();
        }
    }
}

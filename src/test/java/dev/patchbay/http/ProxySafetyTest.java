package dev.patchbay.http;

import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.ConnectableProviders;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.ProviderStub;
import dev.patchbay.testing.RawHttp;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.patchbay.http.ProxyCalls.PROXY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the proxy never does: send a path that could leave the provider's base path, or let calls
 * parked on a slow provider hold up the rest of the service.
 */
class ProxySafetyTest {
    private static final Path PROVIDERS = ConnectableProviders.inTemporaryDirectory();
    /** Each a way out of the base path or onto another host, as sent on the wire after {@code /v1/proxy/{id}}. */
    private static final List<String> ESCAPES = List.of("/../admin", "/a/../../admin", "/./x", "/%2e%2e/admin",
            "/%2E%2E/admin", "/.%2e/admin", "/%252e%252e/admin", "/%25252e%25252e/admin", "/a%2f..%2f..%2fadmin",
            "/a%2F%2E%2E%2Fadmin", "//evil.example/x", "/%2f%2fevil.example/x", "/%252f%252fevil.example",
            "/@evil.example", "/%40evil.example/x", "/a\\..\\admin", "/%5c..%5cadmin", "/http://evil.example/x",
            "/https:%2f%2fevil.example", "/..;/admin", "/%2e%2e;x/admin", "/a/%00/b", "/%0d%0aHost:%20evil");
    /** More calls than Jetty has request threads (8 + 2 per core) on any machine the suite runs on. */
    private static final int HELD_CALLS = 40;

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(Map.of(
            "PATCHBAY_PROVIDERS_DIR", PROVIDERS.toString(),
            "PATCHBAY_VERIFY_ALLOW_PRIVATE", "true"));

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
    void every_path_escape_is_refused_before_any_call_leaves() {
        int port = server.server().patchbay().port();
        for (String escape : ESCAPES) {
            ApiResponse answer = RawHttp.exchange(port, "GET", PROXY + id + escape,
                    Map.of("X-API-Key", server.server().adminKey()), null, Duration.ofSeconds(10));

            assertThat(answer.status()).as(escape + " -> " + answer.body()).isBetween(400, 499);
        }
        assertThat(stub.requestCount()).isZero();
    }

    @Test
    void a_refused_path_is_a_proxy_path_refused_problem() {
        ApiResponse answer = api.get(PROXY + id + "/%252e%252e/admin");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("type").asText()).endsWith("/proxy-path-refused");
        assertThat(stub.requestCount()).isZero();
    }

    @Test
    void reads_still_answer_while_more_calls_than_request_threads_wait_on_a_slow_provider() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        stub.onRequest(request -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new MockResponse.Builder().code(200).body("late").build();
        });
        ExecutorService callers = Executors.newFixedThreadPool(HELD_CALLS);
        try {
            List<Future<ApiResponse>> held = new ArrayList<>();
            for (int i = 0; i < HELD_CALLS; i++) {
                held.add(callers.submit(() -> api.get(PROXY + id + "/slow")));
            }
            awaitRequests(HELD_CALLS);

            ApiResponse providers = api.get(dev.patchbay.testing.Api.PROVIDERS + "?limit=5");
            ApiResponse connection = api.get(ConnectionCalls.CONNECTIONS + "/" + id);

            assertThat(providers.status()).isEqualTo(200);
            assertThat(connection.status()).isEqualTo(200);
            assertThat(held).noneMatch(Future::isDone);
            release.countDown();
            for (Future<ApiResponse> call : held) {
                assertThat(call.get(30, TimeUnit.SECONDS).body()).isEqualTo("late");
            }
        } finally {
            release.countDown();
            callers.shutdownNow();
        }
    }

    @Test
    void a_provider_that_breaks_off_before_anything_reached_the_caller_is_502() throws Exception {
        ApiResponse answer = withBrokenProvider(5, () -> api.get(PROXY + id + "/download"));

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.json().get("type").asText()).endsWith("/upstream-unreachable");
    }

    @Test
    void a_provider_that_breaks_off_midway_breaks_off_the_callers_transfer_too() throws Exception {
        // Larger than Jetty's response buffer: the first part has reached the caller when the provider hangs up.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> withBrokenProvider(256 * 1024,
                () -> api.get(PROXY + id + "/download"))).isInstanceOf(java.io.UncheckedIOException.class);
    }

    /**
     * Points the connection's provider at a socket that answers a chunked 200 with {@code bytes} bytes
     * of body and then hangs up, and returns what {@code call} gets.
     */
    private ApiResponse withBrokenProvider(int bytes, java.util.concurrent.Callable<ApiResponse> call) throws Exception {
        try (java.net.ServerSocket provider = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ProxyCalls.setUp(api, ConnectableProviders.OWN_KEY, "http://127.0.0.1:" + provider.getLocalPort(), Map.of());
            Thread answering = new Thread(() -> {
                try (java.net.Socket socket = provider.accept()) {
                    java.io.InputStream in = socket.getInputStream();
                    for (int last = 0, b; (b = in.read()) >= 0; ) {
                        last = last << 8 | b;
                        if (last == 0x0d0a0d0a) {
                            break; // the end of the request head
                        }
                    }
                    java.io.OutputStream out = socket.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + Integer.toHexString(bytes) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.write(new byte[bytes]);
                    out.write("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.flush();
                } catch (java.io.IOException e) {
                    // what the caller sees is the test's subject
                }
            });
            answering.start();
            try {
                return call.call();
            } finally {
                answering.join(10_000);
            }
        }
    }

    private void awaitRequests(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (stub.requestCount() < count) {
            assertThat(System.nanoTime()).as("the stub received %d of %d calls", stub.requestCount(), count)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}

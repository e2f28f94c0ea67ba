package dev.patchbay.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.ProviderStub;
import dev.patchbay.testing.StubDescriptors;
import io.javalin.Javalin;
import mockwebserver3.MockResponse;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.patchbay.testing.StubDescriptors.API_KEY;
import static dev.patchbay.testing.StubDescriptors.BASIC;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls that wait (here on a slow external service) run beside the request threads, not on them:
 * more of them than there are request threads leave reads answered, and past the bound of their own
 * pool a call is refused with a 503 at once instead of queueing.
 */
class SlowCallsTest {
    private static final Path PROVIDERS = StubDescriptors.inTemporaryDirectory();

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(Map.of(
            "PATCHBAY_PROVIDERS_DIR", PROVIDERS.toString(),
            "PATCHBAY_VERIFY_ALLOW_PRIVATE", "true",
            "PATCHBAY_VERIFY_TIMEOUT_MS", "5000"));

    @RegisterExtension
    final ProviderStub stub = new ProviderStub();

    @Test
    void reads_are_answered_while_more_verifications_than_request_threads_wait_on_the_service() throws Exception {
        int waiting = Math.min(HttpServer.requestThreadCount() + 4, BlockingWork.MAX_THREADS);
        try (HeldVerifications held = holdVerifications(waiting)) {
            ApiResponse read = server.api().provider(API_KEY);

            assertThat(read.status()).isEqualTo(200);
            // Answered while every verification still waits: none of them has been answered yet.
            assertThat(held.calls).noneMatch(CompletableFuture::isDone);
            held.assertAllAnswered();
        }
    }

    @Test
    void setups_are_answered_while_every_thread_for_waiting_calls_is_taken() throws Exception {
        try (HeldVerifications held = holdVerifications(BlockingWork.MAX_THREADS)) {
            ApiResponse invalid = server.api().setup(API_KEY, "{\"base_url\":\"" + stub.baseUrl() + "\"}");
            ApiResponse valid = server.api().setup(BASIC, "{\"account\":\"acme\",\"token\":\""
                    + server.secret("token") + "\",\"base_url\":\"" + stub.baseUrl() + "\"}");

            // Its body had arrived, so it was checked where it came in: no thread for waiting was needed.
            assertThat(invalid.status()).isEqualTo(422);
            if (server.isSqlite()) {
                // Nor a valid one (of another provider than the one being verified): the SQLite writer
                // commits it, and a request thread answers once it has.
                assertThat(valid.status()).isEqualTo(200);
            } else {
                // PostgreSQL commits on the thread that waits for it, and there is none left.
                assertThat(valid.status()).isEqualTo(503);
                assertThat(valid.body()).contains("https://patchbay.dev/problems/busy");
            }
            held.assertAllAnswered();
        }
    }

    /** Sets the stub provider up, then starts {@code count} verifications that wait on its service. */
    private HeldVerifications holdVerifications(int count) throws InterruptedException {
        ApiResponse setUp = server.api().setup(API_KEY,
                "{\"api_key\":\"" + server.secret("api-key") + "\",\"base_url\":\"" + stub.baseUrl() + "\"}");
        assertThat(setUp.status()).isEqualTo(200);
        HeldVerifications held = new HeldVerifications(count);
        stub.onRequest(request -> {
            // Within the 5 s verification limit, so a starved call shows as answered verifications.
            await(held.serviceAnswers, 4_000);
            return new MockResponse.Builder().code(200).body("{}").build();
        });
        for (int i = 0; i < count; i++) {
            held.calls.add(CompletableFuture.supplyAsync(() -> server.api().verify(API_KEY), held.clients));
        }
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (stub.requestCount() < count && System.nanoTime() < giveUp) {
            Thread.sleep(10);
        }
        assertThat(stub.requestCount()).as("verifications at the service at once").isEqualTo(count);
        return held;
    }

    /** Verifications waiting on the stub service until {@link #assertAllAnswered} or close lets it answer. */
    private static final class HeldVerifications implements AutoCloseable {
        final CountDownLatch serviceAnswers = new CountDownLatch(1);
        final List<CompletableFuture<ApiResponse>> calls = new ArrayList<>();
        final ExecutorService clients;

        HeldVerifications(int count) {
            this.clients = Executors.newFixedThreadPool(count);
        }

        void assertAllAnswered() throws Exception {
            serviceAnswers.countDown();
            for (CompletableFuture<ApiResponse> call : calls) {
                assertThat(call.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
        }

        @Override
        public void close() {
            serviceAnswers.countDown();
            clients.shutdownNow();
        }
    }

    @Test
    void a_call_that_finds_every_thread_for_waiting_calls_taken_gets_a_503_busy_problem() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        BlockingWork blocking = new BlockingWork(1);
        ProblemMapper problems = new ProblemMapper(new ObjectMapper());
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/wait", blocking.offload(ctx -> {
                holding.countDown();
                await(release, 20_000);
                ctx.result("done");
            }));
            problems.register(config.routes);
        }).start("127.0.0.1", 0);
        OkHttpClient http = new OkHttpClient();
        String base = "http://127.0.0.1:" + app.port();
        try {
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> status(http, base + "/wait"));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

            try (Response second = http.newCall(new Request.Builder().url(base + "/wait").build()).execute()) {
                assertThat(second.code()).isEqualTo(503);
                assertThat(second.header("Retry-After")).isEqualTo("1");
                assertThat(second.header("Content-Type")).startsWith("application/problem+json");
                assertThat(second.body().string()).contains("https://patchbay.dev/problems/busy");
            }
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(200);
        } finally {
            release.countDown();
            app.stop();
            blocking.close();
        }
    }

    private static int status(OkHttpClient http, String url) {
        try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
            return response.code();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void await(CountDownLatch latch, long millis) {
        try {
            latch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

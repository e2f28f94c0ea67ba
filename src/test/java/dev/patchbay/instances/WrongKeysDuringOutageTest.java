package dev.patchbay.instances;

import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.TcpProxy;
import dev.patchbay.testing.TestDatabase;
import dev.patchbay.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * While the database is away, a burst of wrong keys must not hold up reads with a valid key: an
 * unknown key may reload the keys from the store, but at most one does at a time, a failed reload
 * counts against the reload interval, and the others are answered from memory. PostgreSQL run only,
 * since the outage is a TCP proxy cut in front of the database.
 */
class WrongKeysDuringOutageTest {
    private static final Pattern PG_URL = Pattern.compile("^jdbc:postgresql://([^:/?]+)(?::(\\d+))?/(.*)$");
    private static final int WRONG_KEY_CLIENTS = 20;
    /** The bound asked of a valid-key read; from memory it takes a few milliseconds. */
    private static final long READ_BOUND_MILLIS = 100;
    /**
     * The share of reads that must keep {@link #READ_BOUND_MILLIS}. Not all of them: on two cores shared
     * by several builds (load average 20 and more), reads with the fix in had a median of 5 to 40 ms
     * but a rare one of 110 to 330 ms, the scheduler's doing. The stall this test is about held every
     * read for seconds.
     */
    private static final double SHARE_WITHIN_BOUND = 0.9;
    /** No read may come near the stall: before the fix reads waited 16 to 32 s. */
    private static final long READ_LIMIT_MILLIS = 1_000;
    /**
     * Long enough to span a reload waiting out the pool's 3 s connection timeout and the next one after
     * it, which before the fix queued every request thread behind one another.
     */
    private static final Duration BURST = Duration.ofSeconds(5);
    /** Each wrong-key client stops after this many requests even if the burst has not ended. */
    private static final int MAX_REQUESTS_PER_CLIENT = 1_000;
    /**
     * The pause after each answer to one client's wrong key. Before the fix each wrong key held a
     * request thread for seconds, so any pace stalled reads; this one keeps the clients' own load on two
     * shared cores from being what the bound measures.
     */
    private static final long PAUSE_MILLIS = 500;
    private static final long READ_GAP_MILLIS = 250;
    /** Past the limit: only there so that a stalled server fails the test quickly. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final List<ApiResponse> seen = Collections.synchronizedList(new ArrayList<>());
    private TestDatabase database;
    private TcpProxy proxy;
    private TestServer server;
    private Path dataDir;

    @BeforeEach
    void start_an_instance_behind_a_proxy() throws IOException {
        Assumptions.assumeTrue(TestDatabase.isPostgresRun(), "PostgreSQL run only");
        database = TestDatabase.create();
        Matcher url = PG_URL.matcher(database.jdbcUrl());
        assertThat(url.matches()).as("a plain single-host PostgreSQL URL").isTrue();
        proxy = TcpProxy.to(url.group(1), url.group(2) == null ? 5432 : Integer.parseInt(url.group(2)));
        dataDir = Files.createTempDirectory("patchbay-wrong-keys-");
        server = new TestServer(dataDir, Map.of("PATCHBAY_DATABASE_URL",
                "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + url.group(3)), seen);
    }

    @AfterEach
    void stop_everything() throws IOException {
        if (server != null) {
            server.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (database != null) {
            database.close();
        }
        if (dataDir != null) {
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void valid_key_reads_stay_fast_while_wrong_keys_arrive_during_an_outage() throws Exception {
        Api api = server.api();
        assertThat(api.setup("github", "{\"client_id\": \"Iv1.outage\", \"client_secret\": \"s3cret-outage\"}")
                .status()).isEqualTo(200);
        assertThat(api.provider("github").status()).isEqualTo(200);
        // Timed reads go through a plain client: the test client's contract check is no part of the bound.
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest validRead = HttpRequest.newBuilder(URI.create(server.baseUrl() + Api.PROVIDERS + "/github"))
                .header("X-API-Key", server.adminKey())
                .timeout(READ_TIMEOUT)
                .build();
        for (int i = 0; i < 20; i++) {
            // Warms the read path up, so the bound measures waiting rather than first-use costs.
            assertThat(http.send(validRead, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        }

        proxy.cut();
        awaitNotReady(api);

        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch allSending = new CountDownLatch(WRONG_KEY_CLIENTS);
        Map<Integer, AtomicInteger> wrongKeyAnswers = new ConcurrentHashMap<>();
        HttpClient wrongKeys = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < WRONG_KEY_CLIENTS; i++) {
            Thread client = new Thread(() -> sendWrongKeys(wrongKeys, stop, allSending, wrongKeyAnswers), "wrong-keys-" + i);
            client.setDaemon(true);
            client.start();
            clients.add(client);
        }
        List<Long> readMillis = new ArrayList<>();
        try {
            assertThat(allSending.await(30, TimeUnit.SECONDS)).as("every wrong-key client has sent").isTrue();
            long end = System.nanoTime() + BURST.toNanos();
            while (System.nanoTime() < end) {
                long start = System.nanoTime();
                HttpResponse<String> read = timedRead(http, validRead);
                readMillis.add((System.nanoTime() - start) / 1_000_000);
                assertThat(read.statusCode()).as("a valid-key read during the outage: %s", read.body()).isEqualTo(200);
                assertThat(read.body()).contains("Iv1.outage");
                // Reads are spaced as a polling instance's are; what is bounded is each one's wait.
                Thread.sleep(READ_GAP_MILLIS);
            }
        } finally {
            stop.set(true);
            long joinDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            for (Thread client : clients) {
                client.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinDeadline - System.nanoTime())));
            }
        }
        List<Long> sorted = readMillis.stream().sorted().toList();
        System.out.printf("valid-key reads during the wrong-key burst: %d, median %d ms, slowest %d ms;"
                + " wrong-key answers %s%n", sorted.size(), sorted.get(sorted.size() / 2),
                sorted.get(sorted.size() - 1), wrongKeyAnswers);
        assertThat(readMillis).as("milliseconds of each valid-key read").allSatisfy(
                millis -> assertThat(millis).isLessThan(READ_LIMIT_MILLIS));
        long withinBound = readMillis.stream().filter(millis -> millis < READ_BOUND_MILLIS).count();
        assertThat(withinBound).as("reads under %d ms, of %s", READ_BOUND_MILLIS, readMillis)
                .isGreaterThanOrEqualTo((long) Math.ceil(SHARE_WITHIN_BOUND * readMillis.size()));
        assertThat(wrongKeyAnswers.keySet()).as("statuses given to wrong keys").isSubsetOf(401, 429);
    }

    private static HttpResponse<String> timedRead(HttpClient http, HttpRequest read) throws Exception {
        try {
            return http.send(read, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return fail("a valid-key read got no answer within %s during the wrong-key burst", READ_TIMEOUT);
        }
    }

    /** Sends wrong keys one after another until told to stop; counts the answers by status. */
    private void sendWrongKeys(HttpClient client, AtomicBoolean stop, CountDownLatch sending,
            Map<Integer, AtomicInteger> answers) {
        String path = server.baseUrl() + Api.PROVIDERS + "/github";
        for (int i = 0; i < MAX_REQUESTS_PER_CLIENT && !stop.get(); i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(path))
                    .header("X-API-Key", "pb_wrong-" + Thread.currentThread().getName() + "-" + i)
                    .timeout(READ_TIMEOUT)
                    .build();
            if (i == 0) {
                sending.countDown();
            }
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                answers.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                Thread.sleep(PAUSE_MILLIS);
            } catch (IOException e) {
                answers.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void awaitNotReady(Api api) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (api.withKey(null).get("/readyz").status() != 503) {
            assertThat(System.nanoTime()).as("/readyz says 503 after the cut").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}

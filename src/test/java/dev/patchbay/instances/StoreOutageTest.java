package dev.patchbay.instances;

import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.CapturedLogs;
import dev.patchbay.testing.ExchangeChecks;
import dev.patchbay.testing.TcpProxy;
import dev.patchbay.testing.TestDatabase;
import dev.patchbay.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The database goes away behind a TCP proxy while an instance runs: readiness and writes answer 503
 * quickly, reads stay served from memory, and once the database is back the instance recovers by
 * itself, twice in a row, with every acknowledged write still there. PostgreSQL run only.
 */
class StoreOutageTest {
    private static final Pattern PG_URL = Pattern.compile("^jdbc:postgresql://([^:/?]+)(?::(\\d+))?/(.*)$");
    /** Providers whose setup is just client_id and client_secret: 12 are used per round. */
    private static final List<String> SLUGS = List.of("airtable", "asana", "bitbucket", "box", "clickup",
            "confluence", "discord", "dropbox", "figma", "github", "gitlab", "google-drive", "google-workspace",
            "hubspot", "intercom", "jira", "linear", "microsoft-365", "monday", "notion", "quickbooks",
            "salesforce", "slack", "xero");

    private final List<ApiResponse> seen = Collections.synchronizedList(new ArrayList<>());
    private final List<String> secrets = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();
    private final List<TestServer> servers = new ArrayList<>();
    /** Every acknowledged write's outcome: slug → client_id (null after a reset) and revision. */
    private final Map<String, String> clientIds = new LinkedHashMap<>();
    private final Map<String, Long> revisions = new LinkedHashMap<>();
    private TestDatabase database;
    private CapturedLogs logs;
    private TcpProxy proxy;
    private String directUrl;
    private TestServer server;
    private Api api;

    @BeforeEach
    void start_an_instance_behind_a_proxy() throws IOException {
        Assumptions.assumeTrue(TestDatabase.isPostgresRun(), "PostgreSQL run only");
        database = TestDatabase.create();
        logs = CapturedLogs.attach();
        directUrl = database.jdbcUrl();
        Matcher url = PG_URL.matcher(directUrl);
        assertThat(url.matches()).as("a plain single-host PostgreSQL URL").isTrue();
        proxy = TcpProxy.to(url.group(1), url.group(2) == null ? 5432 : Integer.parseInt(url.group(2)));
        String proxiedUrl = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + url.group(3);
        server = startServer(newDir(), proxiedUrl);
        api = server.api();
    }

    @AfterEach
    void stop_everything() {
        try {
            servers.forEach(TestServer::close);
            if (proxy != null) {
                proxy.close();
            }
            // The 503s of the outage too: problem+json with a request id, as the document gives them.
            ExchangeChecks.assertHold(seen, secrets, logs == null ? "" : logs.text());
        } finally {
            if (logs != null) {
                logs.close();
            }
            if (database != null) {
                database.close();
            }
            dirs.forEach(StoreOutageTest::deleteTree);
        }
    }

    @Test
    void an_outage_gives_503_quickly_keeps_reads_and_recovers_by_itself_twice_with_no_acknowledged_write_lost() {
        outageRound(1);
        outageRound(2);
        assertThat(revisions).hasSize(22);
    }

    private void outageRound(int round) {
        List<String> slugs = SLUGS.subList((round - 1) * 12, round * 12);
        List<String> written = slugs.subList(0, 10);
        String refused = slugs.get(10);
        String afterRecovery = slugs.get(11);
        // Round 2 also changes what round 1 wrote, so the newest value is the one that must survive.
        for (String slug : round == 1 ? written : concat(written, SLUGS.subList(0, 3))) {
            acknowledgedSetup(slug, "Iv1." + slug + "-round-" + round);
        }
        assertThat(get("/readyz").status()).isEqualTo(200);

        proxy.cut();
        long cutAt = System.nanoTime();

        ApiResponse notReady = poll("/readyz", 503, Duration.ofSeconds(5));
        long notReadyMillis = millisSince(cutAt);
        assertThat(notReady.contentType()).startsWith("application/problem+json");

        long postStart = System.nanoTime();
        ApiResponse post = api.setup(refused, config("Iv1.refused", secret("refused-" + round)));
        long postMillis = millisSince(postStart);
        assertThat(post.status()).as("POST while the store is down: %s", post.body()).isEqualTo(503);
        assertThat(postMillis).as("wall time of that POST").isLessThan(10_000);
        assertThat(post.contentType()).startsWith("application/problem+json");
        assertThat(post.json().get("status").asInt()).isEqualTo(503);
        assertThat(post.json().get("request_id").asText()).isEqualTo(post.header("X-Request-Id"));

        long resetStart = System.nanoTime();
        ApiResponse reset = api.reset(written.get(0));
        long resetMillis = millisSince(resetStart);
        assertThat(reset.status()).as("DELETE while the store is down: %s", reset.body()).isEqualTo(503);
        assertThat(resetMillis).isLessThan(10_000);

        ApiResponse read = api.provider(written.get(1));
        assertThat(read.status()).as("a read is answered from memory").isEqualTo(200);
        assertThat(read.data().at("/setup/config/client_id").asText()).isEqualTo(clientIds.get(written.get(1)));
        assertThat(read.header("ETag")).isEqualTo("\"" + revisions.get(written.get(1)) + "\"");
        assertThat(api.get(Api.PROVIDERS + "?setup_complete=true").status()).isEqualTo(200);

        proxy.restore();
        long restoredAt = System.nanoTime();
        poll("/readyz", 200, Duration.ofSeconds(20));
        long recoveryMillis = millisSince(restoredAt);

        acknowledgedSetup(afterRecovery, "Iv1." + afterRecovery + "-after-" + round);
        System.out.printf("outage round %d: /readyz 503 after %d ms; POST 503 in %d ms; DELETE 503 in %d ms;"
                + " /readyz 200 again %d ms after restore%n", round, notReadyMillis, postMillis, resetMillis,
                recoveryMillis);

        assertNotSetUp(api, refused);
        assertEveryAcknowledgedWrite(api, "the recovered instance");
        TestServer fresh = startServer(newDirWithKeyOf(server), directUrl);
        Api freshApi = fresh.api().withKey(server.adminKey());
        assertNotSetUp(freshApi, refused);
        assertEveryAcknowledgedWrite(freshApi, "a fresh instance");
    }

    private void acknowledgedSetup(String slug, String clientId) {
        ApiResponse answer = api.setup(slug, config(clientId, secret(slug)));
        assertThat(answer.status()).as("setup of %s: %s", slug, answer.body()).isEqualTo(200);
        clientIds.put(slug, clientId);
        revisions.put(slug, answer.data().at("/setup/revision").asLong());
    }

    private void assertEveryAcknowledgedWrite(Api through, String who) {
        ApiResponse listed = through.get(Api.PROVIDERS + "?setup_complete=true&limit=500");
        assertThat(listed.status()).isEqualTo(200);
        List<String> listedSlugs = new ArrayList<>();
        listed.data().forEach(provider -> listedSlugs.add(provider.get("provider_slug").asText()));
        assertThat(listedSlugs).as("set up according to %s", who).containsExactlyInAnyOrderElementsOf(clientIds.keySet());
        clientIds.forEach((slug, clientId) -> {
            ApiResponse one = through.provider(slug);
            assertThat(one.status()).isEqualTo(200);
            assertThat(one.data().at("/setup/config/client_id").asText()).as("%s via %s", slug, who).isEqualTo(clientId);
            assertThat(one.data().at("/setup/config/client_secret").asText()).isEqualTo("********");
            assertThat(one.header("ETag")).as("%s via %s", slug, who).isEqualTo("\"" + revisions.get(slug) + "\"");
        });
    }

    private static void assertNotSetUp(Api through, String slug) {
        ApiResponse one = through.provider(slug);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.data().get("setup_complete").asBoolean()).as("%s after a 503", slug).isFalse();
        assertThat(one.header("ETag")).isEqualTo("\"0\"");
    }

    /** Polls {@code path} (no key needed) until it answers {@code status}; fails after {@code within}. */
    private ApiResponse poll(String path, int status, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        ApiResponse last;
        do {
            last = get(path);
            if (last.status() == status) {
                return last;
            }
            sleep(50);
        } while (System.nanoTime() < deadline);
        return fail("%s did not answer %d within %s; last answer %d %s", path, status, within, last.status(),
                last.body());
    }

    private ApiResponse get(String path) {
        return api.withKey(null).get(path);
    }

    private TestServer startServer(Path dataDir, String databaseUrl) {
        TestServer started = new TestServer(dataDir, Map.of("PATCHBAY_DATABASE_URL", databaseUrl), seen);
        servers.add(started);
        return started;
    }

    private Path newDir() throws IOException {
        Path dir = Files.createTempDirectory("patchbay-outage-");
        dirs.add(dir);
        return dir;
    }

    /** A data directory with a copy of {@code of}'s master key file, as a second machine would have. */
    private Path newDirWithKeyOf(TestServer of) {
        try {
            Path dir = newDir();
            Files.copy(of.dataDir().resolve("master-key.json"), dir.resolve("master-key.json"));
            return dir;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String secret(String label) {
        String value = "sekret-" + label + "-" + UUID.randomUUID();
        secrets.add(value);
        return value;
    }

    private static String config(String clientId, String clientSecret) {
        return "{\"client_id\": \"" + clientId + "\", \"client_secret\": \"" + clientSecret + "\"}";
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

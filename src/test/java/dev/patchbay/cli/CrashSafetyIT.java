package dev.patchbay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchbay.testing.PatchbayProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar, killed with SIGKILL in the middle of a burst of setups from several clients,
 * loses no setup it acknowledged, and its SQLite file stays intact. Runs in {@code mvn verify} after
 * {@code package} (Failsafe), since it needs {@code target/patchbay.jar}.
 */
class CrashSafetyIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Providers whose schema needs only client_id and client_secret; the writers share them. */
    private static final List<String> PROVIDERS = List.of("github", "gitlab", "slack", "notion", "linear", "dropbox");
    private static final int WRITERS = 4;
    /** Acknowledged setups to wait for before the kill; the writers are still sending when it comes. */
    private static final int ACKS_BEFORE_KILL = 40;
    private static final String ADMIN_KEY = "pb_crash-it-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    /** A setup the server answered 200 to, with the revision its ETag named. */
    private record Ack(String slug, long revision, String clientId) {
    }

    private final List<Ack> acks = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Set<String>> sent = new ConcurrentHashMap<>();
    private final List<String> secrets = Collections.synchronizedList(new ArrayList<>());
    private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());

    @Test
    void setups_acknowledged_before_a_sigkill_survive_it_and_the_database_stays_intact() throws Exception {
        Path jar = Path.of(System.getProperty("patchbay.jar", "target/patchbay.jar"));
        assertThat(jar).as("the packaged jar (mvn verify builds it before this test)").isRegularFile();
        Path data = dir.resolve("data");
        List<String> outputs = new ArrayList<>();

        for (int round = 1; round <= 2; round++) {
            try (PatchbayProcess server = start(jar, data, round)) {
                assertEveryAcknowledgedSetupSurvived(server);
                burstThenKill(server, round);
                outputs.add(server.output());
            }
            assertThat(unexpected).as("answers other than 200 before the kill").isEmpty();
            assertIntegrityCheckPasses(data);
        }
        try (PatchbayProcess server = start(jar, data, 3)) {
            assertEveryAcknowledgedSetupSurvived(server);
            assertEveryStoredSecretStillOpens(server);
            server.stop();
            outputs.add(server.output());
        }
        assertIntegrityCheckPasses(data);
        for (String output : outputs) {
            assertThat(output).doesNotContain(ADMIN_KEY);
            secrets.forEach(secret -> assertThat(output).doesNotContain(secret));
        }
    }

    private PatchbayProcess start(Path jar, Path data, int round) {
        return PatchbayProcess.start(jar, data, dir.resolve("serve-" + round + ".log"), Map.of("PATCHBAY_ADMIN_API_KEY", ADMIN_KEY));
    }

    /** Starts the writers, waits for {@link #ACKS_BEFORE_KILL} more acknowledgements, kills the server, and waits for the writers. */
    private void burstThenKill(PatchbayProcess server, int round) throws InterruptedException {
        int before = acks.size();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Thread thread = new Thread(() -> write(server, round, writer), "writer-" + round + "-" + w);
            thread.start();
            writers.add(thread);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (acks.size() < before + ACKS_BEFORE_KILL && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(acks.size() - before).as("setups acknowledged in round %d", round).isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        server.kill();
        for (Thread writer : writers) {
            writer.join(30_000);
            assertThat(writer.isAlive()).as("%s stopped after the kill", writer.getName()).isFalse();
        }
    }

    /** Sets up providers in turn until the server is gone. */
    private void write(PatchbayProcess server, int round, int writer) {
        String secret = "sekret-crash-" + UUID.randomUUID();
        secrets.add(secret);
        for (int n = 0; ; n++) {
            String slug = PROVIDERS.get((writer + n) % PROVIDERS.size());
            String clientId = "round" + round + "-writer" + writer + "-" + n;
            sent.computeIfAbsent(slug, s -> ConcurrentHashMap.newKeySet()).add(clientId);
            HttpResponse<String> answer;
            try {
                answer = send(server, "POST", "/v1/admin/connector-providers/" + slug + "/setup", "application/json",
                        "{\"client_id\":\"" + clientId + "\",\"client_secret\":\"" + secret + "\"}");
            } catch (IOException e) {
                return; // killed
            }
            if (answer.statusCode() == 200) {
                acks.add(new Ack(slug, revision(answer), clientId));
            } else {
                unexpected.add(answer.statusCode() + " " + answer.body());
            }
        }
    }

    /**
     * For each provider, the stored setup is the last one acknowledged, or one sent after it (a setup
     * committed just before the kill, whose answer never left); and the audit trail has every
     * acknowledged revision.
     */
    private void assertEveryAcknowledgedSetupSurvived(PatchbayProcess server) throws Exception {
        for (String slug : PROVIDERS) {
            List<Ack> mine = acks.stream().filter(a -> a.slug().equals(slug)).toList();
            if (mine.isEmpty()) {
                continue;
            }
            Ack last = mine.stream().max(Comparator.comparingLong(Ack::revision)).orElseThrow();
            HttpResponse<String> read = send(server, "GET", "/v1/admin/connector-providers/" + slug, null, null);
            assertThat(read.statusCode()).as("GET %s", slug).isEqualTo(200);
            JsonNode setup = JSON.readTree(read.body()).at("/data/setup");
            long stored = revision(read);
            assertThat(stored).as("%s revision after the crash, last acknowledged %s", slug, last).isGreaterThanOrEqualTo(last.revision());
            assertThat(setup.get("revision").asLong()).isEqualTo(stored);
            if (stored == last.revision()) {
                assertThat(setup.at("/config/client_id").asText()).as(slug).isEqualTo(last.clientId());
            } else {
                assertThat(sent.get(slug)).as("%s holds a client_id some writer sent", slug).contains(setup.at("/config/client_id").asText());
            }
            assertThat(setup.at("/config/client_secret").asText()).isEqualTo("********");
            assertThat(auditedRevisions(server, slug)).as("audited revisions of %s", slug)
                    .containsAll(mine.stream().map(Ack::revision).toList());
        }
    }

    /** A PATCH opens the stored secrets to merge into them: it fails if any ciphertext was torn. */
    private void assertEveryStoredSecretStillOpens(PatchbayProcess server) throws Exception {
        for (String slug : PROVIDERS) {
            HttpResponse<String> patched = send(server, "PATCH", "/v1/admin/connector-providers/" + slug + "/setup",
                    "application/merge-patch+json", "{\"client_id\":\"after-the-crash\"}");
            assertThat(patched.statusCode()).as("PATCH %s: %s", slug, patched.body()).isEqualTo(200);
        }
    }

    private static Set<Long> auditedRevisions(PatchbayProcess server, String slug) throws Exception {
        Set<Long> revisions = new HashSet<>();
        String cursor = null;
        do {
            HttpResponse<String> page = send(server, "GET", "/v1/admin/audit-events?limit=500&provider_slug=" + slug
                    + (cursor == null ? "" : "&cursor=" + cursor), null, null);
            assertThat(page.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(page.body());
            body.get("data").forEach(event -> revisions.add(event.get("revision").asLong()));
            cursor = body.at("/meta/next_cursor").isNull() ? null : body.at("/meta/next_cursor").asText();
        } while (cursor != null);
        return revisions;
    }

    private static void assertIntegrityCheckPasses(Path data) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("patchbay.db"));
             Statement statement = db.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA integrity_check")) {
            List<String> problems = new ArrayList<>();
            while (result.next()) {
                problems.add(result.getString(1));
            }
            assertThat(problems).containsExactly("ok");
        }
    }

    private static HttpResponse<String> send(PatchbayProcess server, String method, String path, String contentType,
                                             String body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("X-API-Key", ADMIN_KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static long revision(HttpResponse<String> answer) {
        return Long.parseLong(answer.headers().firstValue("ETag").orElseThrow().replace("\"", ""));
    }
}

package dev.patchbay.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gives each test a fresh server on a temporary data directory, captures all logging, and after the
 * test fails it if any answer breaks {@link ResponseInvariants} (security headers, problem+json errors
 * that reveal no internals) or if any secret handed out by {@link #secret(String)} shows up in a
 * response body, a response header or a log line, or if any exchange breaks the OpenAPI document
 * ({@link OpenApiContract}).
 */
public final class PatchbayServerExtension implements BeforeEachCallback, AfterEachCallback {
    private final Map<String, String> env;
    private final java.time.Clock clock;
    private final List<ApiResponse> seen = Api.newRecord();
    private final List<String> secrets = new ArrayList<>();
    private final List<TestServer> others = new ArrayList<>();
    private Path dataDir;
    private TestDatabase database;
    private CapturedLogs logs;
    private TestServer server;

    public PatchbayServerExtension() {
        this(Map.of());
    }

    public PatchbayServerExtension(Map<String, String> env) {
        this(env, null);
    }

    /** A server on {@code clock} (a {@link FakeClock}, say); null for the system's. */
    public PatchbayServerExtension(Map<String, String> env, java.time.Clock clock) {
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("patchbay-test-");
        database = TestDatabase.create();
        logs = CapturedLogs.attach();
        server = new TestServer(dataDir, withDatabase(env), seen, null, clock);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            others.forEach(TestServer::close);
            server.close();
            for (ApiResponse response : new ArrayList<>(seen)) {
                ResponseInvariants.assertHolds(response);
            }
            String logText = logs.text();
            for (String secret : secrets) {
                for (ApiResponse response : seen) {
                    assertThat(response.body()).as("a response body").doesNotContain(secret);
                    assertThat(response.headers().toString()).as("response headers").doesNotContain(secret);
                }
                assertThat(logText).as("the log").doesNotContain(secret);
            }
            assertHonourTheContract(seen);
        } finally {
            logs.close();
            database.close();
            deleteTree(dataDir);
            others.forEach(other -> deleteTree(other.dataDir()));
        }
    }

    /**
     * Fails unless every exchange in {@code responses} honours the OpenAPI document; for tests that
     * run a {@link TestServer} without this extension.
     */
    public static void assertHonourTheContract(List<ApiResponse> responses) {
        List<String> violations;
        synchronized (responses) {
            violations = responses.stream().flatMap(r -> r.contractViolations().stream()).toList();
        }
        assertThat(violations).as("exchanges that break the OpenAPI contract, src/main/resources/openapi.json "
                + "(fix the document where it is wrong, the code where the code is)").isEmpty();
    }

    /** A distinctive secret value to use in the test; it must never come back. */
    public String secret(String label) {
        String value = "sekret-" + label + "-" + UUID.randomUUID();
        secrets.add(value);
        return value;
    }

    public Api api() {
        return server.api();
    }

    public TestServer server() {
        return server;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String logText() {
        return logs.text();
    }

    /** Stops the current server and starts another with {@code extraEnv} on the same data directory. */
    public TestServer restartWith(Map<String, String> extraEnv) {
        server.close();
        Map<String, String> merged = new java.util.HashMap<>(env);
        merged.putAll(extraEnv);
        server = new TestServer(dataDir, withDatabase(merged), seen, server.adminKey());
        return server;
    }

    /**
     * Another instance on the same database, with its own data directory holding a copy of the first
     * one's master key file, as a second machine would have. Closed after the test.
     */
    public TestServer anotherInstance() {
        try {
            Path otherDir = Files.createTempDirectory("patchbay-test-other-");
            Files.copy(dataDir.resolve("master-key.json"), otherDir.resolve("master-key.json"));
            TestServer other = new TestServer(otherDir, withDatabase(env), seen, null, clock);
            others.add(other);
            return other;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether this run's store is SQLite (some tests look at its file). */
    public boolean isSqlite() {
        return database.isSqlite();
    }

    public TestDatabase database() {
        return database;
    }

    private Map<String, String> withDatabase(Map<String, String> base) {
        Map<String, String> merged = new java.util.HashMap<>(base);
        merged.putAll(database.env());
        return merged;
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

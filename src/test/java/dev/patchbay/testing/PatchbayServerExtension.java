package dev.patchbay.testing;

import dev.patchbay.verify.NameResolver;
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

/**
 * Gives each test a fresh server on a temporary data directory, captures all logging, and after the
 * test fails it if any answer breaks {@link ResponseInvariants} (security headers, problem+json errors
 * that reveal no internals) or if any secret handed out by {@link #secret(String)} shows up in a
 * response body, a response header or a log line, or if any exchange breaks the OpenAPI document
 * ({@link OpenApiContract}): {@link ExchangeChecks}. The exchanges are those of its servers' clients,
 * of {@link #recordedServer} and whatever the test {@link #record}s.
 */
public final class PatchbayServerExtension implements BeforeEachCallback, AfterEachCallback {
    private final Map<String, String> env;
    private final NameResolver names;
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
        this(env, NameResolver.SYSTEM, null);
    }

    /** {@code names}: what verification resolves host names with (a {@link FakeNameResolver}). */
    public PatchbayServerExtension(Map<String, String> env, NameResolver names) {
        this(env, names, null);
    }

    /** A server on {@code clock} (a {@link FakeClock}, say); null for the system's. */
    public PatchbayServerExtension(Map<String, String> env, java.time.Clock clock) {
        this(env, NameResolver.SYSTEM, clock);
    }

    private PatchbayServerExtension(Map<String, String> env, NameResolver names, java.time.Clock clock) {
        this.env = Map.copyOf(env);
        this.names = names;
        this.clock = clock;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("patchbay-test-");
        database = TestDatabase.create();
        logs = CapturedLogs.attach();
        server = new TestServer(dataDir, withDatabase(env), seen, null, names, clock, () -> { });
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            others.forEach(TestServer::close);
            server.close();
            ExchangeChecks.assertHold(seen, secrets, logs.text());
        } finally {
            logs.close();
            database.close();
            deleteTree(dataDir);
            others.forEach(other -> deleteTree(other.dataDir()));
        }
    }

    /**
     * Records {@code answer}, to a request this client did not send (such as one written on a raw socket),
     * for the checks after the test; see {@link OpenApiContract#checked}.
     */
    public void record(ApiResponse answer) {
        seen.add(answer);
    }

    /**
     * A server on {@code dataDir} with exactly {@code env} (the store it names, SQLite in {@code dataDir}
     * otherwise), whose exchanges the checks after the test include; the test closes it.
     */
    public TestServer recordedServer(Path dataDir, Map<String, String> env) {
        return new TestServer(dataDir, env, seen, null, names, clock, () -> { });
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
        server = new TestServer(dataDir, withDatabase(merged), seen, server.adminKey(), names, clock, () -> { });
        return server;
    }

    /**
     * Another instance on the same database, with its own data directory holding a copy of the first
     * one's master key file, as a second machine would have. Closed after the test.
     */
    public TestServer anotherInstance() {
        return anotherInstance(Map.of(), () -> { });
    }

    /**
     * {@link #anotherInstance()} with {@code extraEnv} over this test's environment (its database URL
     * included), running {@code betweenOpenAndStart} after the instance loaded its state and before it
     * follows the others' changes.
     */
    public TestServer anotherInstance(Map<String, String> extraEnv, Runnable betweenOpenAndStart) {
        try {
            Path otherDir = Files.createTempDirectory("patchbay-test-other-");
            Files.copy(dataDir.resolve("master-key.json"), otherDir.resolve("master-key.json"));
            Map<String, String> merged = withDatabase(env);
            merged.putAll(extraEnv);
            TestServer other = new TestServer(otherDir, merged, seen, null, names, clock, betweenOpenAndStart);
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

package dev.patchbay.testing;

import dev.patchbay.verify.NameResolver;
import dev.patchbay.wiring.Patchbay;
import dev.patchbay.wiring.Settings;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Patchbay on a free loopback port over a real SQLite file in {@code dataDir}, with the same
 * wiring as {@code serve}. {@link #restart()} stops it and starts a new instance on the same data.
 */
public final class TestServer implements AutoCloseable {
    private final Map<String, String> env;
    private final Path dataDir;
    private final List<ApiResponse> seen;
    private final NameResolver names;
    private final Clock clock;
    private Patchbay patchbay;
    private String adminKey;

    public TestServer(Path dataDir, Map<String, String> extraEnv, List<ApiResponse> seen) {
        this(dataDir, extraEnv, seen, null);
    }

    /** {@code adminKey}: the key a previous server on this data directory printed, kept across a restart. */
    TestServer(Path dataDir, Map<String, String> extraEnv, List<ApiResponse> seen, String adminKey) {
        this(dataDir, extraEnv, seen, adminKey, NameResolver.SYSTEM, null, () -> { });
    }

    /**
     * {@code names}: what verification resolves host names with; {@code clock}: the server's clock, or
     * null for the system's; {@code betweenOpenAndStart}: runs once, after the instance loaded its state
     * and before it starts following other instances' changes, so a test can act in exactly that gap.
     */
    TestServer(Path dataDir, Map<String, String> extraEnv, List<ApiResponse> seen, String adminKey,
               NameResolver names, Clock clock, Runnable betweenOpenAndStart) {
        this.adminKey = adminKey;
        this.names = names;
        this.clock = clock;
        Map<String, String> env = new HashMap<>();
        env.put("PATCHBAY_HOST", "127.0.0.1");
        env.put("PATCHBAY_PORT", "0");
        env.put("PATCHBAY_DATA_DIR", dataDir.toString());
        env.putAll(extraEnv);
        this.env = Map.copyOf(env);
        this.dataDir = dataDir;
        this.seen = seen;
        start(betweenOpenAndStart);
    }

    private void start(Runnable betweenOpenAndStart) {
        Settings settings = Settings.fromEnvironment(env);
        patchbay = clock == null ? Patchbay.open(settings, names) : Patchbay.open(settings, names, clock);
        patchbay.keys().bootstrap().ifPresent(key -> adminKey = key);
        betweenOpenAndStart.run();
        patchbay.start();
    }

    public void restart() {
        patchbay.close();
        start(() -> { });
    }

    /** A client with the first-start admin key (or {@code PATCHBAY_ADMIN_API_KEY} when configured). */
    public Api api() {
        return new Api(baseUrl(), adminKey != null ? adminKey : env.get("PATCHBAY_ADMIN_API_KEY"), seen);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + patchbay.port();
    }

    public Patchbay patchbay() {
        return patchbay;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Map<String, String> env() {
        return env;
    }

    public String adminKey() {
        return adminKey;
    }

    @Override
    public void close() {
        patchbay.close();
    }
}

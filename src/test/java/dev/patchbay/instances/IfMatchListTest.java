package dev.patchbay.instances;

import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code If-Match} listing several tags is judged against the store's revision, not against memory,
 * which lags a change another instance made: two instances share one SQLite file, which has no change
 * feed between processes, so the second one's memory stays behind until it asks the store.
 */
class IfMatchListTest {
    private static final String KEY = "pb_if-match-list-test-key-0123456789abcdef";
    private static final String MASTER_KEY = java.util.Base64.getEncoder().encodeToString(new byte[32]);

    @TempDir
    Path dataDir;
    private final List<ApiResponse> seen = Collections.synchronizedList(new ArrayList<>());
    private final List<TestServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(TestServer::close);
    }

    @Test
    void a_list_holding_the_stored_revision_matches_though_memory_matches_an_older_one() {
        Api lagging = start();
        Api other = start();
        assertThat(lagging.provider("github").header("ETag")).isEqualTo("\"0\"");
        assertThat(other.setup("github", github("Iv1.other")).status()).isEqualTo(200);

        ApiResponse write = lagging.send("POST", Api.PROVIDERS + "/github/setup", github("Iv1.lagging"),
                "application/json", Map.of("If-Match", "\"0\", \"1\""));

        assertThat(write.status()).as(write.body()).isEqualTo(200);
        assertThat(write.header("ETag")).isEqualTo("\"2\"");
        assertThat(other.provider("github").status()).isEqualTo(200);
    }

    @Test
    void a_list_without_the_stored_revision_is_refused_though_memory_matches_one_of_it() {
        Api lagging = start();
        Api other = start();
        assertThat(other.setup("github", github("Iv1.other")).status()).isEqualTo(200);

        ApiResponse write = lagging.send("POST", Api.PROVIDERS + "/github/setup", github("Iv1.lagging"),
                "application/json", Map.of("If-Match", "\"0\", \"7\""));

        assertThat(write.status()).as(write.body()).isEqualTo(412);
    }

    /** An instance with a data directory of its own, on the shared database file and master key. */
    private Api start() {
        Path ownDir = dataDir.resolve("instance-" + servers.size());
        TestServer server = new TestServer(ownDir, Map.of("PATCHBAY_ADMIN_API_KEY", KEY,
                "PATCHBAY_MASTER_KEY", MASTER_KEY,
                "PATCHBAY_DATABASE_URL", "jdbc:sqlite:" + dataDir.resolve("shared.db").toAbsolutePath()), seen);
        servers.add(server);
        return server.api();
    }

    private static String github(String clientId) {
        return "{\"client_id\": \"" + clientId + "\", \"client_secret\": \"s3cret-" + clientId + "\"}";
    }
}

package dev.patchbay.cli;

import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.ExchangeChecks;
import dev.patchbay.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code keys create|list|revoke} through {@link Main#run}, against a real server on the same data dir. */
class KeysCommandTest {
    @TempDir
    Path dataDir;

    private final List<ApiResponse> seen = Collections.synchronizedList(new ArrayList<>());
    private final List<TestServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(TestServer::close);
        ExchangeChecks.assertHold(seen);
    }

    @Test
    void create_prints_a_key_that_authenticates_as_read() {
        Run created = patchbay("keys", "create", "--name", "ci", "--scope", "read");
        Api ci = startServer().api().withKey(created.key());

        assertThat(created.exit()).isZero();
        assertThat(ci.get(Api.PROVIDERS).status()).isEqualTo(200);
        assertThat(ci.reset("github").status()).isEqualTo(403);
    }

    @Test
    void create_prints_a_connect_key_that_reads_connections_but_not_providers() {
        Run created = patchbay("keys", "create", "--name", "backend", "--scope", "connect");
        Api backend = startServer().api().withKey(created.key());

        assertThat(created.exit()).isZero();
        assertThat(backend.get("/v1/connections").status()).isEqualTo(200);
        assertThat(backend.get(Api.PROVIDERS).status()).isEqualTo(403);
        assertThat(patchbay("keys", "list").out()).containsPattern("backend\\s+connect\\s+active");
    }

    @Test
    void list_shows_names_and_scopes_but_never_the_key_or_its_hash() {
        String key = patchbay("keys", "create", "--name", "ci", "--scope", "read").key();
        patchbay("keys", "create", "--name", "deploy", "--scope", "admin");

        Run listed = patchbay("keys", "list");

        assertThat(listed.exit()).isZero();
        assertThat(listed.out()).containsPattern("ci\\s+read\\s+active").containsPattern("deploy\\s+admin\\s+active");
        assertThat(listed.out() + listed.err()).doesNotContain(key).doesNotContain(sha256Hex(key));
    }

    @Test
    void revoke_makes_a_running_server_refuse_the_key() {
        String key = patchbay("keys", "create", "--name", "ci", "--scope", "read").key();
        TestServer server = startServer();
        assertThat(server.api().withKey(key).get(Api.PROVIDERS).status()).isEqualTo(200);

        Run revoked = patchbay("keys", "revoke", "ci");
        server.patchbay().keys().sync();

        assertThat(revoked.exit()).isZero();
        assertThat(server.api().withKey(key).get(Api.PROVIDERS).status()).isEqualTo(401);
    }

    @Test
    void revoked_key_shows_as_revoked_in_the_list() {
        patchbay("keys", "create", "--name", "ci", "--scope", "read");
        patchbay("keys", "revoke", "ci");

        assertThat(patchbay("keys", "list").out()).containsPattern("ci\\s+read\\s+revoked");
    }

    @Test
    void creating_a_second_active_key_with_the_same_name_is_exit_1() {
        String first = patchbay("keys", "create", "--name", "ci", "--scope", "read").key();

        Run duplicate = patchbay("keys", "create", "--name", "ci", "--scope", "admin");

        assertThat(duplicate.exit()).isEqualTo(1);
        assertThat(duplicate.out()).isEmpty();
        assertThat(duplicate.err()).contains("'ci'").contains("revoke it first");
        assertThat(startServer().api().withKey(first).reset("github").status()).as("still the read key").isEqualTo(403);
    }

    @Test
    void a_revoked_name_can_be_used_again() {
        patchbay("keys", "create", "--name", "ci", "--scope", "read");
        patchbay("keys", "revoke", "ci");

        Run again = patchbay("keys", "create", "--name", "ci", "--scope", "admin");

        assertThat(again.exit()).isZero();
        assertThat(startServer().api().withKey(again.key()).reset("github").status()).isEqualTo(200);
    }

    @Test
    void unknown_scope_is_exit_2_and_creates_nothing() {
        Run owner = patchbay("keys", "create", "--name", "ci", "--scope", "owner");

        assertThat(owner.exit()).isEqualTo(2);
        assertThat(owner.out()).isEmpty();
        assertThat(owner.err()).contains("--scope");
        assertThat(patchbay("keys", "list").out()).doesNotContain("ci");
    }

    @Test
    void revoking_an_unknown_name_is_exit_1() {
        Run revoked = patchbay("keys", "revoke", "nobody");

        assertThat(revoked.exit()).isEqualTo(1);
        assertThat(revoked.err()).contains("'nobody'");
    }

    @Test
    void the_name_env_is_refused() {
        Run env = patchbay("keys", "create", "--name", "env", "--scope", "admin");

        assertThat(env.exit()).isEqualTo(1);
        assertThat(env.out()).isEmpty();
        assertThat(env.err()).contains("reserved");
    }

    @Test
    void a_server_on_a_data_dir_with_a_created_key_makes_no_first_start_key() {
        patchbay("keys", "create", "--name", "ci", "--scope", "admin");

        TestServer server = startServer();

        assertThat(server.adminKey()).isNull();
        assertThat(patchbay("keys", "list").out()).containsPattern("(?m)^ci\\s").doesNotContainPattern("(?m)^admin\\s");
    }

    @Test
    void list_shows_every_time_to_the_millisecond_whoever_made_the_key() {
        startServer().close(); // its first-start key, made by the service
        patchbay("keys", "create", "--name", "ci", "--scope", "read");

        String listed = patchbay("keys", "list").out();

        java.util.regex.Matcher times = java.util.regex.Pattern.compile("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z").matcher(listed);
        List<String> found = new ArrayList<>();
        while (times.find()) {
            found.add(times.group());
        }
        assertThat(found).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(time -> assertThat(time).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
    }

    private TestServer startServer() {
        TestServer server = new TestServer(dataDir, Map.of(), seen);
        servers.add(server);
        return server;
    }

    private Run patchbay(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(Map.of("PATCHBAY_DATA_DIR", dataDir.toString()), printer(out), printer(err), args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static PrintStream printer(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String sha256Hex(String key) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One command's exit code and what it printed. */
    private record Run(int exit, String out, String err) {
        /** The key a successful {@code keys create} printed: its only line on stdout. */
        String key() {
            assertThat(exit).as(err).isZero();
            assertThat(out.lines()).hasSize(1);
            return out.strip();
        }
    }
}

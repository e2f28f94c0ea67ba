package dev.patchbay.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The build's class-data training run ({@code serve --exit-when-ready}, see pom.xml) starts, is ready,
 * and returns on its own, leaving the data directory free for the next start. Guarded by a timeout: a
 * regression that keeps serving would block the build.
 */
class ServeExitWhenReadyTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void it_exits_0_after_a_readiness_check_and_can_start_again_on_the_same_data_dir() {
        assertThat(serveOnce()).isEqualTo(0);
        assertThat(Files.exists(dataDir.resolve("patchbay.db"))).isTrue();

        assertThat(serveOnce()).isEqualTo(0);
    }

    @Test
    void it_is_not_offered_in_the_help() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Main.run(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), System.err, "serve", "--help");

        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("exit-when-ready");
    }

    private int serveOnce() {
        Map<String, String> env = Map.of(
                "PATCHBAY_DATA_DIR", dataDir.toString(),
                "PATCHBAY_ADMIN_API_KEY", "test-admin-key",
                "PATCHBAY_PORT", "0",
                "PATCHBAY_HOST", "127.0.0.1");
        return assertTimeoutPreemptively(LIMIT, () -> Main.run(env,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                "serve", "--exit-when-ready"));
    }
}

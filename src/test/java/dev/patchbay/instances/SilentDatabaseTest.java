package dev.patchbay.instances;

import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.TcpProxy;
import dev.patchbay.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Instance B reaches the database through a proxy that can make its connections go silent, as a NAT
 * or firewall that forgets them does (no FIN, no RST); A reaches it directly. B's change feed notices
 * the silence, reconnects and resyncs, so A's changes reach B again. PostgreSQL run only.
 */
class SilentDatabaseTest {
    private static final Pattern PG_URL = Pattern.compile("^jdbc:postgresql://([^:/?]+)(?::(\\d+))?/(.*)$");
    private static final Duration ARRIVES_WITHIN = Duration.ofSeconds(15);

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    private TcpProxy proxy;
    private Api a;
    private Api b;

    @BeforeEach
    void start_b_behind_a_proxy() {
        Assumptions.assumeTrue(TestDatabase.isPostgresRun(), "PostgreSQL run only");
        Matcher url = PG_URL.matcher(server.database().jdbcUrl());
        assertThat(url.matches()).as("a plain single-host PostgreSQL URL").isTrue();
        proxy = TcpProxy.to(url.group(1), url.group(2) == null ? 5432 : Integer.parseInt(url.group(2)));
        String proxied = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + url.group(3);
        a = server.api();
        b = server.anotherInstance(Map.of("PATCHBAY_DATABASE_URL", proxied), () -> { })
                .api().withKey(server.server().adminKey());
    }

    @AfterEach
    void close_the_proxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void after_the_feed_connection_goes_silent_a_change_made_through_a_reaches_b_within_15_seconds() {
        assertThat(a.setup("github", githubConfig("Iv1.before", server.secret("before"))).status()).isEqualTo(200);
        eventually(() -> b.provider("github"), r -> "\"1\"".equals(r.header("ETag")), "B sees revision 1");

        proxy.freeze();
        ApiResponse patched = a.send("PATCH", Api.PROVIDERS + "/github/setup", "{\"client_id\": \"Iv1.after\"}",
                "application/merge-patch+json", Map.of());

        assertThat(patched.status()).isEqualTo(200);
        ApiResponse seen = eventually(() -> b.provider("github"), r -> "\"2\"".equals(r.header("ETag")),
                "B sees A's change made after its connections went silent");
        assertThat(seen.data().at("/setup/config/client_id").asText()).isEqualTo("Iv1.after");
        assertThat(server.logText()).contains("change feed lost its connection");
    }

    /** Polls {@code probe} until {@code done} holds, failing after {@link #ARRIVES_WITHIN}. */
    private static ApiResponse eventually(Supplier<ApiResponse> probe, Predicate<ApiResponse> done, String what) {
        long start = System.nanoTime();
        long deadline = start + ARRIVES_WITHIN.toNanos();
        ApiResponse last;
        do {
            last = probe.get();
            if (last.status() == 200 && done.test(last)) {
                System.out.printf("%s after %d ms%n", what, (System.nanoTime() - start) / 1_000_000);
                return last;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        } while (System.nanoTime() < deadline);
        return fail("not within %s: %s; last answer %d %s", ARRIVES_WITHIN, what, last.status(), last.body());
    }

    private static String githubConfig(String clientId, String clientSecret) {
        return "{\"client_id\": \"" + clientId + "\", \"client_secret\": \"" + clientSecret + "\"}";
    }
}

package dev.patchbay.instances;

import dev.patchbay.store.InstanceLock;
import dev.patchbay.store.Store;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.TcpProxy;
import dev.patchbay.testing.TestDatabase;
import dev.patchbay.testing.TestServer;
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
 * the silence, reconnects and resyncs, so A's changes reach B again; while it cannot, B is not ready.
 * PostgreSQL run only.
 */
class SilentDatabaseTest {
    private static final Pattern PG_URL = Pattern.compile("^jdbc:postgresql://([^:/?]+)(?::(\\d+))?/(.*)$");
    private static final Duration ARRIVES_WITHIN = Duration.ofSeconds(15);

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    private TcpProxy proxy;
    private TestServer instanceB;
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
        instanceB = server.anotherInstance(Map.of("PATCHBAY_DATABASE_URL", proxied), () -> { });
        b = instanceB.api().withKey(server.server().adminKey());
    }

    @AfterEach
    void stop_b_then_the_proxy() {
        if (instanceB != null) {
            instanceB.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void after_the_feed_connection_goes_silent_a_change_made_through_a_reaches_b_within_15_seconds() {
        assertThat(a.setup("github", githubConfig("Iv1.before", server.secret("before"))).status()).isEqualTo(200);
        eventually(() -> b.provider("github"), hasRevision(1), "B sees revision 1");

        proxy.freeze();
        ApiResponse patched = a.send("PATCH", Api.PROVIDERS + "/github/setup", "{\"client_id\": \"Iv1.after\"}",
                "application/merge-patch+json", Map.of());

        assertThat(patched.status()).isEqualTo(200);
        ApiResponse seen = eventually(() -> b.provider("github"), hasRevision(2),
                "B sees A's change made after its connections went silent");
        assertThat(seen.data().at("/setup/config/client_id").asText()).isEqualTo("Iv1.after");
        assertThat(server.logText()).contains("change feed lost its connection");
    }

    @Test
    void while_its_feed_cannot_reconnect_b_answers_readyz_503_though_its_writes_succeed_and_200_once_it_can() {
        assertThat(a.setup("github", githubConfig("Iv1.before", server.secret("before"))).status()).isEqualTo(200);
        eventually(() -> b.provider("github"), hasRevision(1), "B sees revision 1");
        server.server().close(); // A would hold its own share of the instance lock
        assertThat(readyz(b).status()).isEqualTo(200);

        proxy.freeze();
        // What a rotation holds: B's feed, once it has dropped its silent connection, cannot take its share again.
        try (Store store = Store.open(server.database().jdbcUrl());
             InstanceLock rotation = lockOutInstances(store)) {
            eventually(() -> readyz(b), r -> r.status() == 503, "B answers /readyz 503");
            ApiResponse patched = b.send("PATCH", Api.PROVIDERS + "/github/setup", "{\"client_id\": \"Iv1.meanwhile\"}",
                    "application/merge-patch+json", Map.of());
            assertThat(patched.status()).as("B's store answers: only its feed is down").isEqualTo(200);
            assertThat(readyz(b).status()).isEqualTo(503);
        }

        eventually(() -> readyz(b), r -> r.status() == 200, "B answers /readyz 200 again");
        ApiResponse seen = b.provider("github");
        assertThat(seen.header("ETag")).isEqualTo("\"2\"");
        assertThat(seen.data().at("/setup/config/client_id").asText()).isEqualTo("Iv1.meanwhile");
    }

    /** The exclusive instance lock, once B's feed noticed the silence and its session let go of its share. */
    private static InstanceLock lockOutInstances(Store store) {
        long deadline = System.nanoTime() + ARRIVES_WITHIN.toNanos();
        while (true) {
            try {
                return store.lockOutInstances();
            } catch (IllegalStateException stillHeld) {
                if (System.nanoTime() > deadline) {
                    throw stillHeld;
                }
            }
        }
    }

    private static Predicate<ApiResponse> hasRevision(long revision) {
        return r -> r.status() == 200 && ("\"" + revision + "\"").equals(r.header("ETag"));
    }

    private static ApiResponse readyz(Api instance) {
        return instance.withKey(null).get("/readyz");
    }

    /** Polls {@code probe} until {@code done} holds, failing after {@link #ARRIVES_WITHIN}. */
    private static ApiResponse eventually(Supplier<ApiResponse> probe, Predicate<ApiResponse> done, String what) {
        long start = System.nanoTime();
        long deadline = start + ARRIVES_WITHIN.toNanos();
        ApiResponse last;
        do {
            last = probe.get();
            if (done.test(last)) {
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

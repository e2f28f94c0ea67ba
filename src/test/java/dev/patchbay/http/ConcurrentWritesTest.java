package dev.patchbay.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Eight clients mixing setups, resets and reads of the same few providers, without If-Match: every
 * call succeeds, reads never go back in time, each revision is acknowledged to at most one setup, and
 * what is stored at the end is the last acknowledged write of each provider.
 */
class ConcurrentWritesTest {
    private static final int CLIENTS = 8;
    private static final Duration RUN = Duration.ofSeconds(3);
    /** Few, so that clients collide on every provider; each takes a client_id and a client_secret. */
    private static final List<String> CONTESTED = List.of("github", "gitlab", "slack");

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    /** One acknowledged call: a setup (with its client_id), a reset, or a read. */
    private record Ack(String slug, String kind, long revision, String clientId) {
    }

    @Test
    void mixed_setups_resets_and_reads_all_succeed_and_the_last_acknowledged_write_is_stored() throws Exception {
        String secret = server.secret("contested");
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Ack> acks = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + RUN.toNanos();
            List<Future<List<Ack>>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> runClient(client, secret, deadline)));
            }
            for (Future<List<Ack>> client : clients) {
                acks.addAll(client.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(acks.stream().filter(a -> !a.kind().equals("read")).count()).as("writes acknowledged").isGreaterThan(30);
        for (String slug : CONTESTED) {
            List<Ack> writes = acks.stream().filter(a -> a.slug().equals(slug) && !a.kind().equals("read")).toList();
            assertEachRevisionHasOneOutcome(slug, writes);
            assertStoredIsTheLastWrite(slug, writes);
        }
    }

    private List<Ack> runClient(int client, String secret, long deadline) {
        Api api = server.api();
        Random random = new Random(client);
        Map<String, Long> lastSeen = new HashMap<>();
        List<Ack> acks = new ArrayList<>();
        for (int n = 0; System.nanoTime() < deadline; n++) {
            String slug = CONTESTED.get(random.nextInt(CONTESTED.size()));
            int dice = random.nextInt(10);
            Ack ack;
            if (dice < 4) {
                String clientId = "client-" + client + "-" + n;
                ack = acknowledged(slug, "setup", clientId,
                        api.setup(slug, "{\"client_id\":\"" + clientId + "\",\"client_secret\":\"" + secret + "\"}"));
            } else if (dice < 6) {
                ack = acknowledged(slug, "reset", null, api.reset(slug));
            } else {
                ApiResponse read = api.provider(slug);
                ack = acknowledged(slug, "read", null, read);
                JsonNode setup = read.data().get("setup");
                if (!setup.isNull()) {
                    assertThat(setup.get("revision").asLong()).as("setup.revision of %s", slug).isEqualTo(ack.revision());
                }
            }
            // Each client sees each provider's revision only move forward, its own writes included.
            assertThat(ack.revision()).as("%s revision seen by client %d", slug, client)
                    .isGreaterThanOrEqualTo(lastSeen.getOrDefault(slug, 0L));
            lastSeen.put(slug, ack.revision());
            acks.add(ack);
        }
        return acks;
    }

    private static Ack acknowledged(String slug, String kind, String clientId, ApiResponse answer) {
        assertThat(answer.status()).as("%s of %s: %s", kind, slug, answer.body()).isEqualTo(200);
        return new Ack(slug, kind, Long.parseLong(answer.header("ETag").replace("\"", "")), clientId);
    }

    /** Two setups never get the same revision, and a revision is never both a setup and a reset. */
    private static void assertEachRevisionHasOneOutcome(String slug, List<Ack> writes) {
        Map<Long, List<Ack>> byRevision = writes.stream().collect(Collectors.groupingBy(Ack::revision));
        byRevision.forEach((revision, same) -> {
            long setups = same.stream().filter(a -> a.kind().equals("setup")).count();
            assertThat(setups == 0 || same.size() == 1).as("%s revision %d acknowledged to %s", slug, revision, same).isTrue();
        });
    }

    private void assertStoredIsTheLastWrite(String slug, List<Ack> writes) {
        ApiResponse stored = server.api().provider(slug);
        if (writes.isEmpty()) {
            assertThat(stored.header("ETag")).isEqualTo("\"0\"");
            return;
        }
        Ack last = writes.stream().max(java.util.Comparator.comparingLong(Ack::revision)).orElseThrow();
        assertThat(stored.header("ETag")).as("%s after %s", slug, last).isEqualTo("\"" + last.revision() + "\"");
        if (last.kind().equals("setup")) {
            assertThat(stored.data().at("/setup/config/client_id").asText()).as(slug).isEqualTo(last.clientId());
        } else {
            assertThat(stored.data().get("setup_complete").asBoolean()).as(slug).isFalse();
        }
    }
}

package dev.patchbay.instances;

import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.ConnectableProviders;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.TestDatabase;
import dev.patchbay.testing.oauth.FakeOAuthExtension;
import dev.patchbay.testing.oauth.FakeOAuthServer;
import dev.patchbay.testing.oauth.IssuedTokens;
import dev.patchbay.testing.oauth.TokenFault;
import dev.patchbay.testing.oauth.TokenRequest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections on two in-process instances sharing one PostgreSQL database (run by the
 * {@code postgresql} execution only): a refresh happens once across both, and each sees the other's
 * changes to the provider's connection counts.
 */
class ConnectionsMultiInstanceTest {
    private static final Path PROVIDERS = ConnectableProviders.inTemporaryDirectory();
    private static final String OAUTH = ConnectableProviders.OAUTH;
    private static final String CLIENT_ID = "patchbay-multi-client";

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(Map.of(
            "PATCHBAY_PROVIDERS_DIR", PROVIDERS.toString(),
            "PATCHBAY_VERIFY_ALLOW_PRIVATE", "true",
            "PATCHBAY_VERIFY_TIMEOUT_MS", "2000"));

    @RegisterExtension
    final FakeOAuthExtension oauth = new FakeOAuthExtension();

    private Api a;
    private Api b;
    private FakeOAuthServer fake;

    @BeforeEach
    void start_two_instances_and_set_up_the_fake_provider() {
        Assumptions.assumeTrue(TestDatabase.isPostgresRun(), "two instances share a database only on PostgreSQL");
        a = server.api();
        b = server.anotherInstance().api().withKey(server.server().adminKey());
        fake = oauth.server();
        String secret = server.secret("multi-client");
        fake.registerClient(CLIENT_ID, secret, "https://app.example/callback");
        ApiResponse setup = a.setup(OAUTH, "{\"client_id\":\"" + CLIENT_ID + "\",\"client_secret\":\"" + secret
                + "\",\"base_url\":\"" + fake.baseUrl() + "\"}");
        assertThat(setup.status()).as(setup.body()).isEqualTo(200);
    }

    @Test
    void concurrent_reads_of_an_expiring_token_on_two_instances_make_exactly_one_refresh() throws Exception {
        IssuedTokens first = fake.issueTokens(CLIENT_ID, List.of("read"));
        String id = importExpiring(first);
        // Slow enough that reads on both instances arrive while the first refresh waits for the provider.
        fake.failNextTokenCalls(1, TokenFault.delay(Duration.ofMillis(500)));

        Set<String> tokens = concurrentReads(List.of(a, b), id, 20);

        assertThat(fake.refreshGrantCount()).isEqualTo(1);
        assertThat(tokens).hasSize(1).doesNotContain(first.accessToken());
        assertThat(fake.tokenRequests()).allMatch(TokenRequest::succeeded);
    }

    @Test
    void a_refresh_on_one_instance_is_used_by_the_other_without_calling_the_provider() {
        IssuedTokens first = fake.issueTokens(CLIENT_ID, List.of("read"));
        String id = importExpiring(first);

        String onA = token(a.get("/v1/connections/" + id + "/credentials"));
        String onB = token(b.get("/v1/connections/" + id + "/credentials"));

        assertThat(onB).isEqualTo(onA).isNotEqualTo(first.accessToken());
        assertThat(fake.refreshGrantCount()).isEqualTo(1);
    }

    @Test
    void connections_made_through_one_instance_are_counted_on_the_other() throws InterruptedException {
        importExpiring(fake.issueTokens(CLIENT_ID, List.of("read")));
        importExpiring(fake.issueTokens(CLIENT_ID, List.of("read")));

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long seen;
        do {
            seen = b.provider(OAUTH).data().at("/connections/active").asLong();
            if (seen == 2) {
                break;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        assertThat(seen).isEqualTo(2);
    }

    private String importExpiring(IssuedTokens tokens) {
        String body = "{\"provider_slug\":\"" + OAUTH + "\",\"owner\":\"user-1\",\"credential\":{\"access_token\":\""
                + tokens.accessToken() + "\",\"refresh_token\":\"" + tokens.refreshToken() + "\",\"expires_in\":60}}";
        ApiResponse created = a.send("POST", "/v1/connections", body, "application/json",
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.data().get("id").asText();
    }

    private static String token(ApiResponse credentials) {
        assertThat(credentials.status()).as(credentials.body()).isEqualTo(200);
        return credentials.data().get("access_token").asText();
    }

    private static Set<String> concurrentReads(List<Api> instances, String id, int count) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ApiResponse>> reads = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Api instance = instances.get(i % instances.size());
                reads.add(threads.submit(() -> {
                    start.await();
                    return instance.get("/v1/connections/" + id + "/credentials");
                }));
            }
            start.countDown();
            Set<String> tokens = new TreeSet<>();
            for (Future<ApiResponse> read : reads) {
                tokens.add(token(read.get()));
            }
            return tokens;
        } finally {
            threads.shutdownNow();
        }
    }
}

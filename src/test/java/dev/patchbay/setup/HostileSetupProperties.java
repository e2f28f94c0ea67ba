package dev.patchbay.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.patchbay.catalog.ProviderDescriptor;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.CapturedLogs;
import dev.patchbay.testing.ExchangeChecks;
import dev.patchbay.testing.TestServer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a client sends to the setup endpoint of whichever provider of the catalog (any JSON value
 * in any field, unknown fields, deep nesting, huge strings, every plane of unicode, numbers at the
 * edges, duplicate keys, broken JSON; as POST, merge-patch PATCH or dry run): the answer is never a
 * 5xx, a refusal changes nothing, and a secret sent in it never comes back, in any answer or log
 * line. Every exchange of a try passes {@link ExchangeChecks} (invariants, the OpenAPI contract, the
 * try's secrets) within that try, so that a failure shrinks to its input. One server serves every
 * try of the class.
 */
class HostileSetupProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MASK = "********";
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int TRIES = 500;

    /** The exchanges of the current try. */
    private static final List<ApiResponse> seen = Collections.synchronizedList(new ArrayList<>());
    private static Path dataDir;
    private static CapturedLogs logs;
    private static TestServer server;
    private static List<ProviderDescriptor> catalog;
    private static HostileSetups setups;

    @BeforeContainer
    static void startServer() throws IOException {
        dataDir = Files.createTempDirectory("patchbay-hostile-");
        logs = CapturedLogs.attach();
        server = new TestServer(dataDir, Map.of(), seen);
        catalog = server.patchbay().catalog().all();
        setups = new HostileSetups(catalog);
    }

    @AfterContainer
    static void stopServer() throws IOException {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            logs.close();
            try (Stream<Path> paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Property(tries = TRIES)
    void any_body_for_any_provider_is_answered_without_a_5xx_and_a_refusal_changes_nothing(
            @ForAll("hostileSetups") HostileSetup input) {
        seen.clear();
        Api api = server.api();
        ApiResponse before = api.provider(input.slug());

        ApiResponse answer = write(api, input);
        ApiResponse after = api.provider(input.slug());

        collectCoverage(input, answer);
        assertThat(answer.status()).as("%s answered %s", input, abbreviated(answer.body())).isIn(input.allowedStatuses());
        ExchangeChecks.assertHold(seen, input.secrets(), logs.text());
        if (answer.status() == 200 && !input.method().equals(HostileSetup.DRY_RUN)) {
            assertThat(revision(answer)).as("the answer's revision").isEqualTo(revision(before) + 1);
            assertThat(revision(after)).as("the stored revision").isEqualTo(revision(before) + 1);
            if (input.method().equals(HostileSetup.POST)) {
                assertStoredAsSent(input, after);
            }
        } else {
            assertThat(after.header("ETag")).as("ETag after %s", input).isEqualTo(before.header("ETag"));
            assertThat(after.body()).as("the provider after %s", input).isEqualTo(before.body());
        }
    }

    @Property(tries = TRIES)
    void a_secret_anywhere_in_any_body_for_any_provider_never_comes_back(@ForAll("hostileSetups") HostileSetup input) {
        seen.clear();
        Api api = server.api();

        ApiResponse answer = write(api, input);
        ApiResponse read = api.provider(input.slug());
        ApiResponse listed = api.get(Api.PROVIDERS + "?setup_complete=true");

        collectCoverage(input, answer);
        assertThat(answer.status()).as("%s answered %s", input, abbreviated(answer.body())).isLessThan(500);
        assertThat(seen).as("the exchanges checked").contains(answer, read, listed);
        ExchangeChecks.assertHold(seen, input.secrets(), logs.text());
    }

    @Provide
    Arbitrary<HostileSetup> hostileSetups() {
        // Providers take turns: with 165 of them, a random pick in 500 tries would leave some untried, and
        // every provider must get its share (the coverage check below holds the test to it).
        java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
        return Arbitraries.create(() -> catalog.get(Math.floorMod(turn.getAndIncrement(), catalog.size())))
                .flatMap(setups::forProvider);
    }

    private static ApiResponse write(Api api, HostileSetup input) {
        String setup = Api.PROVIDERS + "/" + input.slug() + "/setup";
        return switch (input.method()) {
            case HostileSetup.PATCH -> api.send("PATCH", setup, input.body(), "application/merge-patch+json", Map.of());
            case HostileSetup.DRY_RUN -> api.send("POST", setup + "?dry_run=true", input.body(), "application/json", Map.of());
            default -> api.send("POST", setup, input.body(), "application/json", Map.of());
        };
    }

    /** Every provider and every kind of answer must really occur, or a branch was never checked. */
    private static void collectCoverage(HostileSetup input, ApiResponse answer) {
        Statistics.label("provider").collect(input.slug());
        Statistics.label("provider").coverage(coverage -> {
            for (ProviderDescriptor provider : catalog) {
                coverage.check(provider.slug()).count(n -> n > 0);
            }
        });
        Statistics.label("status").collect(answer.status());
        Statistics.label("status").coverage(coverage -> {
            for (int status : List.of(200, 400, 413, 422)) {
                coverage.check(status).count(n -> n > 0);
            }
        });
        Statistics.label("shape").collect(input.shape());
    }

    /** A POST that was taken stores every non-secret field as sent and masks every secret. */
    private static void assertStoredAsSent(HostileSetup input, ApiResponse stored) {
        JsonNode sent = parse(input.body());
        JsonNode config = stored.data().at("/setup/config");
        Set<String> secretFields = server.patchbay().catalog().find(input.slug()).orElseThrow().configSchema().secretFields();
        sent.properties().forEach(field -> {
            JsonNode expected = secretFields.contains(field.getKey()) ? TextNode.valueOf(MASK) : field.getValue();
            assertThat(config.get(field.getKey())).as("%s of %s", field.getKey(), input).isEqualTo(expected);
        });
        assertThat(config.size()).as("fields stored for %s", input).isEqualTo(sent.size());
    }

    private static long revision(ApiResponse response) {
        return Long.parseLong(response.header("ETag").replace("\"", ""));
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String abbreviated(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "… (" + text.getBytes(StandardCharsets.UTF_8).length + " bytes)" : text;
    }

    static boolean overLimit(String body) {
        return body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES;
    }
}

package dev.patchbay.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.CapturedLogs;
import dev.patchbay.testing.ExchangeChecks;
import dev.patchbay.testing.TestServer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a client sends as github's configuration, setup answers 200 or 422 (and a 422 changes
 * nothing), and a secret never comes back. One server serves every try of the class.
 */
class SetupValidationProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MASK = "********";
    /** Number texts at the edges of long, double and beyond, written as JSON allows them. */
    private static final List<String> EDGE_NUMBERS = List.of("0", "-0", "0.0", "-0.0", "1", "-1",
            "9223372036854775807", "-9223372036854775808", "9223372036854775808", "123456789012345678901234567890",
            "1e308", "-1e308", "1e309", "1e400", "4.9e-324", "1e-400", "0.1", "1.5E+10", "2147483648");

    private static Path dataDir;
    private static CapturedLogs logs;
    private static TestServer server;
    private static final List<ApiResponse> seen = Collections.synchronizedList(new ArrayList<>());

    @BeforeContainer
    static void startServer() throws IOException {
        dataDir = Files.createTempDirectory("patchbay-properties-");
        logs = CapturedLogs.attach();
        server = new TestServer(dataDir, java.util.Map.of(), seen);
    }

    @AfterContainer
    static void stopServer() throws IOException {
        try {
            if (server != null) {
                server.close();
            }
            ExchangeChecks.assertHold(seen);
        } finally {
            logs.close();
            try (Stream<Path> paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Property(tries = 50)
    void any_json_as_client_id_is_200_or_422_and_a_422_changes_nothing(@ForAll("jsonValues") String clientId) {
        Api api = server.api();
        long before = revision(api.provider("github"));

        ApiResponse posted = api.setup("github", "{\"client_id\":" + clientId + ",\"client_secret\":\"s3cr3t-value\"}");

        assertThat(posted.status()).as(posted.body()).isIn(200, 422);
        Statistics.label("status").collect(posted.status());
        // Both outcomes must really occur, or one branch below was never checked.
        Statistics.label("status").coverage(coverage -> {
            coverage.check(200).count(n -> n > 0);
            coverage.check(422).count(n -> n > 0);
        });
        ApiResponse after = api.provider("github");
        if (posted.status() == 422) {
            assertThat(posted.json().get("errors")).isNotEmpty();
            assertThat(revision(after)).isEqualTo(before);
        } else {
            assertThat(revision(after)).isEqualTo(before + 1);
            assertThat(after.data().at("/setup/config/client_id")).isEqualTo(parse(clientId));
        }
    }

    @Property(tries = 50)
    void a_secret_never_comes_back_in_the_answer_or_a_later_read(@ForAll("secrets") String secret) {
        Api api = server.api();
        // A few characters can occur in any answer by chance; such a "secret" proves nothing.
        Assume.that(!everyText(api.provider("github")).contains(secret));

        ApiResponse posted = api.setup("github", JSON.createObjectNode()
                .put("client_id", "Iv1.property").put("client_secret", secret).toString());
        ApiResponse read = api.provider("github");

        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        for (ApiResponse answer : List.of(posted, read)) {
            assertThat(answer.data().at("/setup/config/client_secret").asText()).isEqualTo(MASK);
            assertThat(answer.body()).doesNotContain(secret);
            assertThat(everyText(answer)).doesNotContain(secret);
        }
        assertThat(logs.text()).doesNotContain(secret);
    }

    @Provide
    Arbitrary<String> jsonValues() {
        return jsonValue(3);
    }

    @Provide
    Arbitrary<String> secrets() {
        return unicodeStrings(8, 200).filter(s -> !s.equals(MASK));
    }

    /** JSON text of any kind, nested up to {@code depth} levels. */
    private static Arbitrary<String> jsonValue(int depth) {
        Arbitrary<String> leaves = Arbitraries.frequencyOf(
                Tuple.of(4, unicodeStrings(0, 300).map(SetupValidationProperties::quoted)),
                Tuple.of(1, Arbitraries.of(EDGE_NUMBERS)),
                Tuple.of(1, Arbitraries.longs().map(String::valueOf)),
                Tuple.of(1, Arbitraries.doubles().map(String::valueOf)),
                Tuple.of(1, Arbitraries.of("true", "false", "null")));
        if (depth == 0) {
            return leaves;
        }
        Arbitrary<String> inner = Arbitraries.lazy(() -> jsonValue(depth - 1));
        Arbitrary<String> arrays = inner.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]");
        Arbitrary<String> objects = Arbitraries.maps(unicodeStrings(0, 12), inner).ofMaxSize(3)
                .map(fields -> fields.entrySet().stream()
                        .map(field -> quoted(field.getKey()) + ":" + field.getValue())
                        .collect(Collectors.joining(",", "{", "}")));
        return Arbitraries.frequencyOf(Tuple.of(6, leaves), Tuple.of(1, arrays), Tuple.of(1, objects));
    }

    /** Strings of whole code points (no lone surrogates, which UTF-8 cannot carry), from every plane. */
    private static Arbitrary<String> unicodeStrings(int minLength, int maxLength) {
        Arbitrary<Integer> anyCodePoint = Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE);
        Arbitrary<Integer> codePoints = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(0x20, 0x7E)),
                Tuple.of(1, Arbitraries.integers().between(0, 0x1F)),
                Tuple.of(2, anyCodePoint),
                Tuple.of(1, Arbitraries.integers().between(0x1F600, 0x1F64F)));
        return codePoints.list().ofMinSize(minLength).ofMaxSize(maxLength)
                .map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size()));
    }

    private static String quoted(String text) {
        return new TextNode(text).toString();
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

    /** Every field name and string value of the answer, decoded, one per line. */
    private static String everyText(ApiResponse response) {
        StringBuilder texts = new StringBuilder();
        collect(response.json(), texts);
        return texts.toString();
    }

    private static void collect(JsonNode node, StringBuilder texts) {
        if (node.isTextual()) {
            texts.append(node.textValue()).append('\n');
        }
        node.properties().forEach(field -> {
            texts.append(field.getKey()).append('\n');
            collect(field.getValue(), texts);
        });
        if (node.isArray()) {
            node.forEach(item -> collect(item, texts));
        }
    }
}

package dev.patchbay.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.patchbay.catalog.ProviderDescriptor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generates {@link HostileSetup}s for the providers of a catalog from their {@code config_schema}s:
 * each field valid (so that some calls succeed), omitted, or hostile; secrets are distinctive.
 */
final class HostileSetups {
    private static final String MASK = "********";
    /** A valid value for each pattern of the built-in catalog; for a secret's pattern, the prefix of one. */
    private static final Map<String, String> PATTERN_EXAMPLES = Map.ofEntries(
            Map.entry("^https://[^\\s/]+(/[^\\s]*)?$", "https://example.com/callback"),
            Map.entry("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", "example.com"),
            Map.entry("^https://[a-z0-9][a-z0-9-]*\\.(api-us1\\.com|activehosted\\.com)$", "https://example.api-us1.com"),
            Map.entry("^[a-z0-9][a-z0-9-]{0,62}$", "example"),
            Map.entry("^[a-z0-9]{1,32}$", "abc123"),
            Map.entry("^https://account(-d)?\\.docusign\\.com$", "https://account-d.docusign.com"),
            Map.entry("^[a-z0-9][a-z0-9-]*\\.myfreshworks\\.com$", "example.myfreshworks.com"),
            Map.entry("^[0-9]{1,20}$", "123456"),
            Map.entry("^[a-z0-9]+(-sb[0-9]+)?$", "1234567-sb1"),
            Map.entry("^[A-Z0-9]{20}$", "MAAAAAAAAAAAAAAAAAAA"),
            Map.entry("^https://(us|eu)\\.posthog\\.com$", "https://eu.posthog.com"),
            Map.entry("^[0-9a-f]{32}$", "0123456789abcdef0123456789abcdef"),
            Map.entry("^[0-9a-zA-Z]{6,16}$", "abc12345"),
            Map.entry("^https://accounts\\.(zoho\\.(com|eu|in|com\\.au|jp|com\\.cn|sa)|zohocloud\\.ca)$", "https://accounts.zoho.eu"),
            // Secrets' patterns: the prefix of a generated secret (NRAK- keys are upper case, so those are refused).
            Map.entry("^sk-ant-[A-Za-z0-9_-]+$", "sk-ant-"),
            Map.entry("^xkeysib-[A-Za-z0-9-]+$", "xkeysib-"),
            Map.entry("^CFPAT-[A-Za-z0-9_-]+$", "CFPAT-"),
            Map.entry("^gsk_[A-Za-z0-9]+$", "gsk_"),
            Map.entry("^hf_[A-Za-z0-9]+$", "hf_"),
            Map.entry("^pk_[A-Za-z0-9]+$", "pk_"),
            Map.entry("^NRAK-[A-Z0-9]+$", "NRAK-"),
            Map.entry("^sk-or-[A-Za-z0-9-]+$", "sk-or-"),
            Map.entry("^phx_[A-Za-z0-9]+$", "phx_"),
            Map.entry("^re_[A-Za-z0-9_]+$", "re_"),
            Map.entry("^shippo_(live|test)_[A-Za-z0-9]+$", "shippo_test_"),
            Map.entry("^sk-[A-Za-z0-9]+$", "sk-"),
            Map.entry("^sk_[A-Za-z0-9_]+$", "sk_"),
            Map.entry("^xai-[A-Za-z0-9]+$", "xai-"),
            Map.entry("^whsec_[A-Za-z0-9_]+$", "whsec_"),
            Map.entry("^(sk|rk)_[A-Za-z0-9_]+$", "sk_"),
            Map.entry("^proj_[A-Za-z0-9]+$", "proj_abc123"),
            Map.entry("^org-[A-Za-z0-9]+$", "org-abc123"),
            Map.entry("^https://[a-z0-9][a-z0-9-]*\\.service-now\\.com/?$", "https://example.service-now.com"),
            Map.entry("^https://((login|test)\\.salesforce\\.com|[a-zA-Z0-9][a-zA-Z0-9-]*(\\.(sandbox|develop|scratch|demo"
                    + "|patch|trailblaze))?\\.my\\.salesforce\\.com)$", "https://test.salesforce.com"),
            Map.entry("^[a-z]{2}[0-9]{1,3}$", "us21"),
            Map.entry("^[a-z0-9][a-z0-9-]*\\.myshopify\\.com$", "example.myshopify.com"),
            Map.entry("^[a-z0-9][a-z0-9-]*\\.(okta|oktapreview|okta-emea)\\.com$", "example.okta.com"),
            Map.entry("^[a-z0-9][a-z0-9-]*$", "example"),
            Map.entry("^AC[0-9a-fA-F]{32}$", "AC0123456789abcdef0123456789abcdef"),
            Map.entry("^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|common|organizations"
                    + "|consumers|([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]{2,63})$", "organizations"));
    /** Number texts at the edges of int, long, double and beyond, as JSON allows them. */
    private static final List<String> EDGE_NUMBERS = List.of("0", "-0", "0.0", "-0.0", "1E-7", "-1",
            "2147483647", "2147483648", "-2147483649", "9223372036854775807", "-9223372036854775808",
            "9223372036854775808", "123456789012345678901234567890123456789", "1e308", "-1e308", "1e309", "1e400",
            "-1e400", "4.9e-324", "1e-400", "0.1", "1.5E+10", "1" + "0".repeat(1000), "0." + "0".repeat(1000) + "1",
            "1e999999999", "1e-999999999");
    /** Strings JSON can carry but that make trouble elsewhere: lone surrogates, NUL, the mask, look-alikes. */
    private static final List<String> AWKWARD_STRINGS = List.of("\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u0000\"",
            "\"a\\u0000b\"", "\"" + MASK + "\"", "\"********\\u0000\"", "\"\"", "\" \"", "\"\\u202e\"", "\"\\ufeff\"",
            "\"\\\\\"", "\"</script><script>\"", "\"${jndi:ldap://127.0.0.1/x}\"", "\"%s%n%x\"", "\"null\"",
            "\"__proto__\"", "\"\\uD83D\\uDE00\"");
    /** Field names no schema has, some of them near a real one. */
    private static final List<String> UNKNOWN_NAMES = List.of("", " ", "client_id ", "CLIENT_ID", "client_secret\u0000",
            "__proto__", "constructor", "$ref", "password", "a".repeat(300), "\ud83d\ude00", "\\u0000");

    private final List<ProviderDescriptor> catalog;

    HostileSetups(List<ProviderDescriptor> catalog) {
        this.catalog = catalog;
        for (ProviderDescriptor provider : catalog) {
            provider.configSchema().json().path("properties").properties().forEach(field -> {
                String pattern = field.getValue().path("pattern").asText(null);
                if (pattern != null && !field.getValue().path("writeOnly").asBoolean()) {
                    assertThat(PATTERN_EXAMPLES).as("an example for the pattern of %s.%s", provider.slug(), field.getKey())
                            .containsKey(pattern);
                    assertThat(PATTERN_EXAMPLES.get(pattern)).matches(Pattern.compile(pattern));
                }
            });
        }
    }

    /** One field as sent: its JSON text (null when omitted) and the secret it carries, if any. */
    private record Field(String name, String json, String secret) {
    }

    Arbitrary<HostileSetup> forProvider(ProviderDescriptor provider) {
        List<Arbitrary<Field>> fields = new ArrayList<>();
        provider.configSchema().json().path("properties").properties()
                .forEach(property -> fields.add(field(property.getKey(), property.getValue())));
        Arbitrary<List<Field>> known = Combinators.combine(fields).as(List::copyOf);
        Arbitrary<List<Field>> unknown = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(List.<Field>of())),
                Tuple.of(1, unknownField().list().ofMinSize(1).ofMaxSize(3)));
        Arbitrary<HostileSetup.Shape> shapes = Arbitraries.frequency(
                Tuple.of(14, HostileSetup.Shape.OBJECT),
                Tuple.of(2, HostileSetup.Shape.DUPLICATE_KEY),
                Tuple.of(2, HostileSetup.Shape.TRUNCATED),
                Tuple.of(1, HostileSetup.Shape.TRAILING_VALUE),
                Tuple.of(1, HostileSetup.Shape.NOT_AN_OBJECT));
        Arbitrary<String> methods = Arbitraries.frequency(
                Tuple.of(7, HostileSetup.POST), Tuple.of(2, HostileSetup.PATCH), Tuple.of(1, HostileSetup.DRY_RUN));
        Arbitrary<String> duplicateSecret = secret(null);
        Arbitrary<Double> cut = Arbitraries.doubles().between(0, 1);
        return Combinators.combine(known, unknown, shapes, methods, duplicateSecret, cut, anyJson(2))
                .as((k, u, shape, method, extraSecret, where, other) -> {
                    List<Field> present = new ArrayList<>();
                    Stream.concat(k.stream(), u.stream()).filter(f -> f.json() != null).forEach(present::add);
                    List<String> secrets = present.stream().map(Field::secret).filter(s -> s != null).collect(Collectors.toList());
                    String object = object(present);
                    String body = switch (shape) {
                        case OBJECT -> object;
                        case DUPLICATE_KEY -> {
                            // The repeated key carries another secret, which must not come back either.
                            secrets.add(extraSecret);
                            String name = present.isEmpty() ? "client_secret" : present.get(0).name();
                            List<Field> twice = new ArrayList<>(present);
                            if (present.isEmpty()) {
                                twice.add(new Field(name, "1", null));
                            }
                            twice.add(new Field(name, quoted(extraSecret), extraSecret));
                            yield object(twice);
                        }
                        case TRUNCATED -> object.substring(0, (int) (where * (object.length() - 1)));
                        case TRAILING_VALUE -> object + " " + other;
                        case NOT_AN_OBJECT -> where < 0.5 ? "[" + object + "]" : other.startsWith("{") ? "[" + other + "]" : other;
                    };
                    return new HostileSetup(provider.slug(), method, body, List.copyOf(secrets), shape);
                });
    }

    private Arbitrary<Field> field(String name, JsonNode schema) {
        boolean isSecret = schema.path("writeOnly").asBoolean();
        Arbitrary<Field> valid = isSecret
                ? Arbitraries.frequencyOf(
                        Tuple.of(8, secret(schema.path("pattern").asText(null)).map(s -> new Field(name, quoted(s), s))),
                        Tuple.of(1, Arbitraries.just(new Field(name, quoted(MASK), null))))
                : validValue(schema).map(json -> new Field(name, json, null));
        Arbitrary<Field> hostile = isSecret
                ? Combinators.combine(secret(null), anyJson(2), Arbitraries.integers().between(0, 3)).as((s, other, how) ->
                        new Field(name, switch (how) {
                            case 0 -> "[" + quoted(s) + "]";
                            case 1 -> "{\"value\":" + quoted(s) + ",\"other\":" + other + "}";
                            case 2 -> quoted(s + "x".repeat(600));
                            default -> other;
                        }, s))
                : anyJson(3).map(json -> new Field(name, json, null));
        return Arbitraries.frequencyOf(
                Tuple.of(10, valid),
                Tuple.of(3, Arbitraries.just(new Field(name, null, null))),
                Tuple.of(2, hostile),
                Tuple.of(1, Arbitraries.just(new Field(name, "null", null))),
                Tuple.of(1, deeplyNested().map(json -> new Field(name, json, null))),
                Tuple.of(1, hugeString().map(json -> new Field(name, json, null))));
    }

    /** A valid value of a non-secret property of the built-in catalog's kinds. */
    private static Arbitrary<String> validValue(JsonNode schema) {
        if (schema.has("enum")) {
            List<String> values = new ArrayList<>();
            schema.get("enum").forEach(v -> values.add(v.toString()));
            return Arbitraries.of(values);
        }
        if (schema.path("type").asText().equals("array")) {
            return unicodeStrings(1, 40).list().ofMaxSize(3).uniqueElements()
                    .map(items -> items.stream().map(HostileSetups::quoted).collect(Collectors.joining(",", "[", "]")));
        }
        if (schema.has("pattern")) {
            return Arbitraries.just(quoted(PATTERN_EXAMPLES.get(schema.get("pattern").asText())));
        }
        int min = Math.max(1, schema.path("minLength").asInt(0));
        int max = Math.min(schema.path("maxLength").asInt(200), 200);
        return unicodeStrings(min, max).filter(s -> s.codePointCount(0, s.length()) >= min).map(HostileSetups::quoted);
    }

    /** A distinctive secret: a random token no answer can contain by chance, matching {@code pattern} if given. */
    private static Arbitrary<String> secret(String pattern) {
        Arbitrary<String> token = Arbitraries.strings().withCharRange('a', 'z').numeric().ofLength(20).map(t -> "sekret" + t);
        if (pattern != null) {
            String prefix = PATTERN_EXAMPLES.get(pattern);
            assertThat(prefix).as("a secret prefix for the pattern %s", pattern).isNotNull();
            return token.map(t -> prefix + t);
        }
        return Combinators.combine(token, unicodeStrings(0, 30)).as((t, tail) -> t + tail);
    }

    private static Arbitrary<Field> unknownField() {
        Arbitrary<String> names = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(UNKNOWN_NAMES)),
                Tuple.of(1, unicodeStrings(0, 20)));
        return Combinators.combine(names, anyJson(2), secret(null), Arbitraries.integers().between(0, 2))
                .as((name, json, s, how) -> how == 0 ? new Field(name, quoted(s), s) : new Field(name, json, null));
    }

    /** JSON text of any kind, nested up to {@code depth} levels. */
    private static Arbitrary<String> anyJson(int depth) {
        Arbitrary<String> leaves = Arbitraries.frequencyOf(
                Tuple.of(4, unicodeStrings(0, 200).map(HostileSetups::quoted)),
                Tuple.of(2, Arbitraries.of(AWKWARD_STRINGS)),
                Tuple.of(2, Arbitraries.of(EDGE_NUMBERS)),
                Tuple.of(1, Arbitraries.longs().map(String::valueOf)),
                Tuple.of(1, Arbitraries.doubles().map(String::valueOf)),
                Tuple.of(1, Arbitraries.of("true", "false", "null")));
        if (depth == 0) {
            return leaves;
        }
        Arbitrary<String> inner = Arbitraries.lazy(() -> anyJson(depth - 1));
        Arbitrary<String> arrays = inner.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]");
        Arbitrary<String> objects = Combinators.combine(unicodeStrings(0, 12), inner).as((k, v) -> quoted(k) + ":" + v)
                .list().ofMaxSize(3).map(fields -> "{" + String.join(",", fields) + "}");
        return Arbitraries.frequencyOf(Tuple.of(6, leaves), Tuple.of(1, arrays), Tuple.of(1, objects));
    }

    /** Arrays or objects nested up to 4,000 deep: past what the parser allows, and within the 64 KiB limit. */
    private static Arbitrary<String> deeplyNested() {
        return Combinators.combine(Arbitraries.integers().between(1, 4_000), Arbitraries.of('[', '{'))
                .as((depth, kind) -> kind == '['
                        ? "[".repeat(depth) + "]".repeat(depth)
                        : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
    }

    /** A string of 1 KiB to 80 KiB: over every maxLength, and half the time over the 64 KiB body limit. */
    private static Arbitrary<String> hugeString() {
        Arbitrary<Integer> bytes = Arbitraries.oneOf(Arbitraries.integers().between(1_024, 60 * 1024),
                Arbitraries.integers().between(64 * 1024 + 1, 80 * 1024));
        return Combinators.combine(bytes, Arbitraries.of("x", "é", "\ud83d\ude00"))
                .as((length, unit) -> quoted(unit.repeat(length / unit.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)));
    }

    /** Strings of whole code points (no lone surrogates, which UTF-8 cannot carry), from every plane. */
    static Arbitrary<String> unicodeStrings(int minLength, int maxLength) {
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

    private static String object(List<Field> fields) {
        return fields.stream().map(f -> quoted(f.name()) + ":" + f.json()).collect(Collectors.joining(",", "{", "}"));
    }

    private static String quoted(String text) {
        return new TextNode(text).toString();
    }
}

package dev.patchbay.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /v1/admin/connector-providers} and {@code GET …/{provider_slug}}. */
class ProvidersApiTest {
    private static final String[] PROVIDER_FIELDS = {"id", "provider_slug", "display_name", "description",
            "category", "auth_type", "execution_strategy", "default_scopes", "config_schema", "docs_url",
            "setup_complete", "setup"};
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    @Test
    void list_is_an_envelope_ordered_by_slug_with_no_next_cursor_when_everything_fits() {
        ApiResponse listed = list("");

        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.contentType()).startsWith("application/json");
        List<String> slugs = slugs(listed);
        assertThat(slugs).hasSizeGreaterThan(10).isSorted().doesNotHaveDuplicates();
        assertThat(listed.json().at("/meta/total").asInt()).isEqualTo(slugs.size());
        assertThat(listed.json().at("/meta/next_cursor").isNull()).isTrue();
    }

    @Test
    void every_listed_provider_has_the_contract_fields_and_a_null_setup_before_setup() {
        for (JsonNode provider : list("").data()) {
            assertThat(provider.fieldNames()).toIterable().contains(PROVIDER_FIELDS);
            assertThat(provider.get("id").asText()).matches(UUID_PATTERN);
            assertThat(provider.get("auth_type").asText()).isIn("oauth2", "api_key", "basic", "none");
            assertThat(provider.get("execution_strategy").asText()).isIn("server-side", "client-side");
            assertThat(provider.get("default_scopes").isArray()).isTrue();
            assertThat(provider.get("config_schema").isObject()).isTrue();
            assertThat(provider.get("setup_complete").asBoolean()).isFalse();
            assertThat(provider.get("setup").isNull()).as(provider.get("provider_slug").asText()).isTrue();
        }
    }

    @Test
    void id_is_the_same_in_list_and_get_and_after_a_restart() {
        String listedId = findIn(list(""), "github").get("id").asText();
        String gotId = server.api().provider("github").data().get("id").asText();
        String key = server.server().adminKey();

        Api restarted = server.restartWith(Map.of()).api().withKey(key);

        assertThat(gotId).isEqualTo(listedId);
        assertThat(restarted.provider("github").data().get("id").asText()).isEqualTo(listedId);
    }

    @Test
    void following_next_cursor_with_limit_5_visits_every_provider_once_in_order() {
        List<String> all = slugs(list(""));
        List<String> visited = new ArrayList<>();
        ApiResponse page = list("?limit=5");
        while (true) {
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.data().size()).isBetween(1, 5);
            assertThat(page.json().at("/meta/total").asInt()).isEqualTo(all.size());
            visited.addAll(slugs(page));
            JsonNode cursor = page.json().at("/meta/next_cursor");
            if (cursor.isNull()) {
                break;
            }
            assertThat(visited).hasSizeLessThan(all.size());
            page = list("?limit=5&cursor=" + cursor.asText());
        }
        assertThat(visited).containsExactlyElementsOf(all);
    }

    @Test
    void limit_equal_to_the_total_fits_on_one_page_with_no_next_cursor() {
        int total = list("").json().at("/meta/total").asInt();

        ApiResponse page = list("?limit=" + total);

        assertThat(page.data()).hasSize(total);
        assertThat(page.json().at("/meta/next_cursor").isNull()).isTrue();
    }

    @Test
    void setup_complete_filters_split_the_catalog_after_one_setup() {
        setUpGithub();
        List<String> all = slugs(list(""));

        ApiResponse complete = list("?setup_complete=true");
        ApiResponse incomplete = list("?setup_complete=false");

        assertThat(slugs(complete)).containsExactly("github");
        assertThat(complete.json().at("/meta/total").asInt()).isEqualTo(1);
        assertThat(slugs(incomplete)).doesNotContain("github").hasSize(all.size() - 1);
        assertThat(incomplete.json().at("/meta/total").asInt()).isEqualTo(all.size() - 1);
    }

    @Test
    void auth_type_filter_returns_exactly_the_matching_providers() {
        assertFilterMatches("?auth_type=api_key", p -> p.get("auth_type").asText().equals("api_key"));
    }

    @Test
    void category_filter_returns_exactly_the_matching_providers() {
        assertFilterMatches("?category=developer-tools", p -> p.get("category").asText().equals("developer-tools"));
    }

    @Test
    void q_matches_slug_display_name_or_description_ignoring_case() {
        List<String> found = assertFilterMatches("?q=GITHUB", p -> mentions(p, "github"));
        assertThat(found).contains("github");
        assertFilterMatches("?q=Pull%20Requests", p -> mentions(p, "pull requests"));
    }

    @Test
    void combined_filters_all_apply_and_total_counts_every_match() {
        setUpGithub();
        assertFilterMatches("?auth_type=oauth2&category=developer-tools&setup_complete=false",
                p -> p.get("auth_type").asText().equals("oauth2")
                        && p.get("category").asText().equals("developer-tools")
                        && !p.get("setup_complete").asBoolean());
    }

    @Test
    void total_counts_every_match_even_when_the_page_is_smaller() {
        ApiResponse page = list("?auth_type=oauth2&limit=2");
        int matching = (int) list("").json().get("data").findValuesAsText("auth_type").stream()
                .filter("oauth2"::equals).count();

        assertThat(page.data()).hasSize(2);
        assertThat(page.json().at("/meta/total").asInt()).isEqualTo(matching);
        assertThat(page.json().at("/meta/next_cursor").isTextual()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"limit=0", "limit=501", "limit=abc", "setup_complete=yes", "auth_type=saml",
            "category=Developer_Tools", "category=dev%20tools", "cursor=garbage", "cursor=%25%25%25",
            "setup_completed=true", "limit=5&limit=6"})
    void bad_query_value_is_a_400_problem(String query) {
        assertProblem(list("?" + query), 400);
    }

    @Test
    void get_one_before_setup_is_200_with_etag_0() {
        ApiResponse github = server.api().provider("github");

        assertThat(github.status()).isEqualTo(200);
        assertThat(github.header("ETag")).isEqualTo("\"0\"");
        assertThat(github.data().get("provider_slug").asText()).isEqualTo("github");
        assertThat(github.data().get("setup").isNull()).isTrue();
    }

    @Test
    void get_one_is_the_same_provider_as_its_list_entry() {
        assertThat(server.api().provider("slack").data()).isEqualTo(findIn(list(""), "slack"));
    }

    @Test
    void get_one_of_an_unknown_slug_is_a_404_problem() {
        assertProblem(server.api().provider("no-such-provider"), 404);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GITHUB", "a%2Fb", "github%20", "%F0%9F%94%A5"})
    void get_one_of_a_malformed_slug_is_a_404_problem(String slug) {
        assertProblem(server.api().provider(slug), 404);
    }

    @Test
    void get_one_of_a_100_character_slug_is_a_404_problem() {
        assertProblem(server.api().provider("a".repeat(100)), 404);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"github%00", "github%FF"})
    void a_path_jetty_refuses_is_a_400_problem_not_an_html_page(String slug) {
        ApiResponse answer = server.api().provider(slug);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("request_id").asText()).isEqualTo(answer.header("X-Request-Id"));
    }

    @Test
    void get_one_with_a_literal_dot_dot_segment_is_a_404_problem() throws Exception {
        // OkHttp removes dot segments before sending, so this one goes out verbatim through the JDK client.
        HttpResponse<byte[]> raw = send(request(server.server().baseUrl() + Api.PROVIDERS + "/.."));

        assertThat(raw.statusCode()).isEqualTo(404);
        assertThat(raw.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void a_client_that_accepts_gzip_gets_the_same_list_compressed() throws Exception {
        String list = server.server().baseUrl() + Api.PROVIDERS;
        HttpResponse<byte[]> plain = send(request(list));
        HttpResponse<byte[]> zipped = send(request(list).header("Accept-Encoding", "gzip"));

        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(zipped.body().length).isLessThan(plain.body().length / 3);
        try (var unzipped = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body()))) {
            assertThat(unzipped.readAllBytes()).isEqualTo(plain.body());
        }
    }

    @Test
    void head_answers_with_what_get_would_say_but_no_body() throws Exception {
        String github = server.server().baseUrl() + Api.PROVIDERS + "/github";
        HttpResponse<byte[]> got = send(request(github));
        HttpResponse<byte[]> head = send(request(github).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        HttpResponse<byte[]> missing = send(request(server.server().baseUrl() + Api.PROVIDERS + "/no-such-provider")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("ETag")).isEqualTo(got.headers().firstValue("ETag"));
        assertThat(head.headers().firstValue("Content-Type")).isEqualTo(got.headers().firstValue("Content-Type"));
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(got.body().length);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void a_poller_that_sends_the_etag_back_gets_304_until_the_setup_changes() throws Exception {
        String github = server.server().baseUrl() + Api.PROVIDERS + "/github";
        HttpResponse<byte[]> unchanged = send(request(github).header("If-None-Match", "\"0\""));
        setUpGithub();
        HttpResponse<byte[]> changed = send(request(github).header("If-None-Match", "\"0\""));

        assertThat(unchanged.statusCode()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();
        assertThat(unchanged.headers().firstValue("ETag")).hasValue("\"0\"");
        assertThat(unchanged.headers().firstValue("Content-Type")).as("a 304 describes no body").isEmpty();
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(new String(changed.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"setup_complete\":true");
    }

    /** A request through the JDK client, which sends what it is given (OkHttp would drop dot segments). */
    private HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("X-API-Key", server.server().adminKey());
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The built-in catalog holds more than the default page of 100, so a query without a limit asks for 500. */
    private ApiResponse list(String query) {
        String all = query.contains("limit=") ? query : (query.isEmpty() ? "?" : query + "&") + "limit=500";
        return server.api().get(Api.PROVIDERS + all);
    }

    private void setUpGithub() {
        ApiResponse posted = server.api().setup("github",
                "{\"client_id\":\"Iv1.abc\",\"client_secret\":\"" + server.secret("github") + "\"}");
        assertThat(posted.status()).isEqualTo(200);
    }

    /** Asserts the filtered list is exactly the full list filtered by {@code expected}, and returns it. */
    private List<String> assertFilterMatches(String query, Predicate<JsonNode> expected) {
        List<String> wanted = new ArrayList<>();
        list("").data().forEach(p -> {
            if (expected.test(p)) {
                wanted.add(p.get("provider_slug").asText());
            }
        });
        ApiResponse filtered = list(query);

        assertThat(filtered.status()).as(query).isEqualTo(200);
        assertThat(wanted).as("test precondition: %s matches something", query).isNotEmpty();
        assertThat(slugs(filtered)).as(query).containsExactlyElementsOf(wanted);
        assertThat(filtered.json().at("/meta/total").asInt()).as(query).isEqualTo(wanted.size());
        return slugs(filtered);
    }

    private static boolean mentions(JsonNode provider, String lowerCase) {
        return java.util.stream.Stream.of("provider_slug", "display_name", "description")
                .anyMatch(field -> provider.get(field).asText().toLowerCase(Locale.ROOT).contains(lowerCase));
    }

    private static List<String> slugs(ApiResponse response) {
        List<String> slugs = new ArrayList<>();
        response.data().forEach(p -> slugs.add(p.get("provider_slug").asText()));
        return slugs;
    }

    private static JsonNode findIn(ApiResponse response, String slug) {
        for (JsonNode provider : response.data()) {
            if (provider.get("provider_slug").asText().equals(slug)) {
                return provider;
            }
        }
        throw new AssertionError("no " + slug + " in " + response.body());
    }

    static void assertProblem(ApiResponse response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("type").asText()).startsWith("https://");
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(problem.get("request_id").asText()).isNotBlank().isEqualTo(response.header("X-Request-Id"));
    }
}

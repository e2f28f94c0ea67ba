package dev.patchbay.testing.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static dev.patchbay.testing.oauth.OAuthTestCalls.CLIENT_ID;
import static dev.patchbay.testing.oauth.OAuthTestCalls.CLIENT_SECRET;
import static dev.patchbay.testing.oauth.OAuthTestCalls.REDIRECT_URI;
import static org.assertj.core.api.Assertions.assertThat;

/** The fake provider's API for proxy and liveness tests: echo, bytes, redirect, flaky and key endpoints. */
class FakeResourceApiTest {
    @RegisterExtension
    final FakeOAuthExtension fake = new FakeOAuthExtension();

    private FakeOAuthServer oauth;
    private OAuthTestCalls calls;

    @BeforeEach
    void register_a_client() {
        oauth = fake.server();
        oauth.registerClient(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI);
        calls = new OAuthTestCalls(oauth);
    }

    @Test
    void echo_answers_the_method_path_query_headers_and_body() {
        HttpResponse<String> response = calls.send(HttpRequest.newBuilder(
                        URI.create(oauth.apiBaseUrl() + "/echo/a/b%20c?x=1&y=%C3%A9"))
                .header("X-Custom", "one").method("PUT", HttpRequest.BodyPublishers.ofString("héllo")));

        JsonNode echo = calls.json(response);
        assertThat(echo.path("method").asText()).isEqualTo("PUT");
        assertThat(echo.path("path").asText()).isEqualTo("/api/echo/a/b%20c");
        assertThat(echo.path("query").asText()).isEqualTo("x=1&y=%C3%A9");
        assertThat(echo.path("headers").path("x-custom").get(0).asText()).isEqualTo("one");
        assertThat(echo.path("body").asText()).isEqualTo("héllo");
        assertThat(echo.path("body_length").asLong()).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void bytes_streams_the_count_asked_with_a_length_or_chunked() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long n = 16L << 20;
        for (String url : List.of(oauth.apiBaseUrl() + "/bytes?n=" + n, oauth.apiBaseUrl() + "/bytes?chunked=true&n=" + n)) {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(count(response.body())).isEqualTo(n);
        }
        byte[] small = http.send(HttpRequest.newBuilder(URI.create(oauth.apiBaseUrl() + "/bytes?n=300")).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        assertThat(small).hasSize(300);
        assertThat(small[257]).isEqualTo((byte) 1);
    }

    private static long count(InputStream in) throws IOException {
        try (in) {
            byte[] buffer = new byte[65536];
            long total = 0;
            for (int read; (read = in.read(buffer)) > 0; ) {
                total += read;
            }
            return total;
        }
    }

    @Test
    void redirect_sends_elsewhere() {
        HttpResponse<String> response = calls.get(oauth.apiBaseUrl() + "/redirect?to=http%3A%2F%2F127.0.0.1%3A9%2Fx");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("http://127.0.0.1:9/x");
    }

    @Test
    void flaky_fails_the_configured_number_of_times_with_retry_after_then_answers() {
        oauth.flaky(2, 429, Duration.ofSeconds(3));

        HttpResponse<String> first = calls.get(oauth.apiBaseUrl() + "/flaky");
        HttpResponse<String> second = calls.get(oauth.apiBaseUrl() + "/flaky");
        HttpResponse<String> third = calls.get(oauth.apiBaseUrl() + "/flaky");

        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(oauth.flakyCalls()).isEqualTo(3);
    }

    @Test
    void the_key_endpoint_takes_the_key_in_a_header_the_query_or_basic() {
        oauth.settings().apiKey("key-123").basicCredentials("AC1", "token:1");

        assertThat(keyCall("/key", "X-Api-Key", "key-123")).isEqualTo("header");
        assertThat(keyCall("/key", "Authorization", "Bearer key-123")).isEqualTo("bearer");
        assertThat(keyCall("/key/balance?api_key=key-123")).isEqualTo("query");
        assertThat(keyCall("/key", "Authorization", basic("key-123:"))).isEqualTo("basic");
        assertThat(keyCall("/key", "Authorization", basic("AC1:token:1"))).isEqualTo("basic");
        HttpResponse<String> refused = calls.get(oauth.apiBaseUrl() + "/key", "X-Api-Key", "key-124");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    private String keyCall(String path, String... headers) {
        HttpResponse<String> response = calls.get(oauth.apiBaseUrl() + path, headers);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return calls.json(response).path("authenticated_by").asText();
    }

    private static String basic(String pair) {
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void api_calls_are_recorded_with_the_token_they_carried() {
        JsonNode tokens = calls.tokens();

        calls.get(oauth.apiBaseUrl() + "/echo/x", "Authorization", "Bearer " + tokens.path("access_token").asText());
        calls.get(oauth.apiBaseUrl() + "/user");

        assertThat(oauth.apiCalls()).containsExactly(
                new ApiCall("GET", "/api/echo/x", new TokenRef(TokenRef.Kind.ACCESS, 1, 1)),
                new ApiCall("GET", "/api/user", null));
    }
}

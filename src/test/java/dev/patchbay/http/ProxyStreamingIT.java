package dev.patchbay.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchbay.testing.ConnectableProviders;
import dev.patchbay.testing.PatchbayProcess;
import dev.patchbay.testing.oauth.FakeOAuthServer;
import dev.patchbay.testing.oauth.IssuedTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 100 MB download through the proxy of the packaged jar, which runs with its heap capped at 128 MB
 * ({@link PatchbayProcess}): the body streams through, byte for byte, and the server stays up. Runs in
 * {@code mvn verify} after {@code package} (Failsafe), since it needs {@code target/patchbay.jar}.
 */
class ProxyStreamingIT {
    private static final long HUNDRED_MB = 100L * 1024 * 1024;
    private static final String ADMIN_KEY = "pb_proxy-it-" + UUID.randomUUID();
    private static final String CLIENT_ID = "proxy-it-client";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void a_100_mb_answer_streams_through_a_server_whose_heap_is_128_mb() throws Exception {
        Path jar = Path.of(System.getProperty("patchbay.jar", "target/patchbay.jar"));
        assertThat(jar).as("the packaged jar (mvn verify builds it before this test)").isRegularFile();
        try (FakeOAuthServer fake = FakeOAuthServer.start();
             PatchbayProcess server = PatchbayProcess.start(jar, dir.resolve("data"), dir.resolve("serve.log"), Map.of(
                     "PATCHBAY_ADMIN_API_KEY", ADMIN_KEY,
                     "PATCHBAY_PROVIDERS_DIR", ConnectableProviders.inTemporaryDirectory().toString(),
                     "PATCHBAY_VERIFY_ALLOW_PRIVATE", "true"))) {
            String secret = "secret-" + UUID.randomUUID();
            fake.registerClient(CLIENT_ID, secret, "https://app.example/callback");
            assertThat(send(server, "POST", "/v1/admin/connector-providers/" + ConnectableProviders.OAUTH + "/setup",
                    "{\"client_id\":\"" + CLIENT_ID + "\",\"client_secret\":\"" + secret + "\",\"base_url\":\""
                            + fake.baseUrl() + "\"}").statusCode()).isEqualTo(200);
            IssuedTokens tokens = fake.issueTokens(CLIENT_ID, List.of("read"));
            HttpResponse<String> created = send(server, "POST", "/v1/connections", "{\"provider_slug\":\""
                    + ConnectableProviders.OAUTH + "\",\"owner\":\"u\",\"credential\":{\"access_token\":\""
                    + tokens.accessToken() + "\",\"expires_in\":3600}}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = JSON.readTree(created.body()).at("/data/id").asText();

            HttpResponse<InputStream> download = HTTP.send(request(server, "/v1/proxy/" + id + "/bytes?n=" + HUNDRED_MB)
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream());

            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.headers().firstValueAsLong("Content-Length")).hasValue(HUNDRED_MB);
            long count = 0;
            boolean inOrder = true;
            byte[] buffer = new byte[64 * 1024];
            try (InputStream body = download.body()) {
                for (int n; (n = body.read(buffer)) > 0; ) {
                    for (int i = 0; i < n; i++) {
                        // The fake writes 0, 1, …, 255 over and over, from one 8 KiB buffer.
                        inOrder &= buffer[i] == (byte) ((count + i) % 8192);
                    }
                    count += n;
                }
            }
            assertThat(count).isEqualTo(HUNDRED_MB);
            assertThat(inOrder).isTrue();
            assertThat(send(server, "GET", "/healthz", null).statusCode()).isEqualTo(200);
            assertThat(server.output()).doesNotContain("OutOfMemoryError").doesNotContain(tokens.accessToken());
        }
    }

    private static HttpRequest.Builder request(PatchbayProcess server, String path) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(120))
                .header("X-API-Key", ADMIN_KEY);
    }

    private static HttpResponse<String> send(PatchbayProcess server, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder request = request(server, path).header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString());
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

package dev.patchbay.http;

import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.ProviderStub;
import dev.patchbay.testing.StubDescriptors;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.patchbay.testing.StubDescriptors.OAUTH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token endpoint that echoes what it was sent (the Basic credentials, the query string) as its error
 * code, which verification keeps a piece of in its {@code detail}: no form of the secret survives,
 * not even the letters and digits of one.
 */
class VerificationScrubbingApiTest {
    /** oauth2 whose token URL carries the client secret in its query, percent-encoded by the placeholders. */
    private static final String SECRET_IN_QUERY = "acme-query";
    private static final Path PROVIDERS = descriptors();
    /** As long a run of a form as an error code may share with it by chance. */
    private static final int WINDOW = 10;

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(Map.of(
            "PATCHBAY_PROVIDERS_DIR", PROVIDERS.toString(), "PATCHBAY_VERIFY_ALLOW_PRIVATE", "true"));

    @RegisterExtension
    final ProviderStub stub = new ProviderStub();

    @Test
    void basic_credentials_echoed_back_leave_no_form_of_the_secret() {
        String secret = server.secret("basic");
        echo("Authorization");

        String detail = verify(OAUTH, "id", secret);

        assertNoFormOf(secret, "id", detail);
        assertNoFormOf(secret, "id", server.logText());
    }

    @Test
    void a_query_string_echoed_back_leaves_no_form_of_the_secret() {
        // '*' and '~' are where URLEncoder's encoding and RFC 3986's differ.
        String secret = "*~" + server.secret("query").replace("-", "*~");
        echo("query");

        String detail = verify(SECRET_IN_QUERY, "id", secret);

        assertNoFormOf(secret, "id", detail);
        assertNoFormOf(secret, "id", server.logText());
    }

    /** The stub answers 400 with {@code what} it was sent (a header, or the query string) as its error code. */
    private void echo(String what) {
        stub.onRequest(request -> {
            String echoed = what.equals("query") ? request.getUrl().encodedQuery() : request.getHeaders().get(what);
            String body = "{\"error\": \"" + echoed.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
            return new MockResponse.Builder().code(400).body(body).build();
        });
    }

    private String verify(String slug, String clientId, String secret) {
        ApiResponse setUp = server.api().setup(slug, "{\"client_id\":\"" + clientId + "\",\"client_secret\":\""
                + secret + "\",\"base_url\":\"" + stub.baseUrl() + "\"}");
        assertThat(setUp.status()).as(setUp.body()).isEqualTo(200);
        ApiResponse verified = server.api().verify(slug);
        assertThat(verified.status()).as(verified.body()).isEqualTo(200);
        assertThat(stub.requestCount()).as("the stub was called").isEqualTo(1);
        String detail = verified.data().get("detail").asText();
        assertThat(server.api().provider(slug).body()).as("the kept result").contains(detail);
        return detail;
    }

    /**
     * No run of {@link #WINDOW} characters of any form in which the secret was or could be sent, nor of
     * that form reduced to the characters an error code keeps, appears in {@code text}.
     */
    private static void assertNoFormOf(String secret, String clientId, String text) {
        String percent = URLEncoder.encode(secret, StandardCharsets.UTF_8)
                .replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
        List<String> forms = List.of(secret, URLEncoder.encode(secret, StandardCharsets.UTF_8), percent,
                Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)));
        for (String form : forms) {
            for (String variant : List.of(form, form.replaceAll("[^A-Za-z0-9_.:-]", ""))) {
                for (int i = 0; i + WINDOW <= variant.length(); i++) {
                    String run = variant.substring(i, i + WINDOW);
                    assertThat(text).as("a run of %s", form).doesNotContain(run);
                }
            }
        }
    }

    private static Path descriptors() {
        Path dir = StubDescriptors.inTemporaryDirectory();
        try {
            Path file = dir.resolve(SECRET_IN_QUERY + ".yaml");
            Files.writeString(file, Files.readString(dir.resolve(OAUTH + ".yaml"))
                    .replace("provider_slug: " + OAUTH, "provider_slug: " + SECRET_IN_QUERY)
                    .replace("display_name: " + OAUTH, "display_name: " + SECRET_IN_QUERY)
                    .replace("token_url: '{base_url}/token'", "token_url: '{base_url}/token?key={client_secret}'"));
            file.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

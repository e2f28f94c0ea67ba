package dev.patchbay.http;

import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.ProviderStub;
import dev.patchbay.testing.StubDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.Map;

import static dev.patchbay.testing.StubDescriptors.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A verification changes the provider's body ({@code setup.last_verification}) but not its revision:
 * the entity tag changes all the same, identically from the read shortcut and the Javalin routes, and
 * {@code If-Match} takes both the plain revision and the whole tag.
 */
class VerificationEtagTest {
    private static final Path PROVIDERS = StubDescriptors.inTemporaryDirectory();
    private static final String ONE = Api.PROVIDERS + "/" + API_KEY;

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(Map.of(
            "PATCHBAY_PROVIDERS_DIR", PROVIDERS.toString(),
            "PATCHBAY_VERIFY_ALLOW_PRIVATE", "true"));

    @RegisterExtension
    final ProviderStub stub = new ProviderStub();

    @Test
    void a_verification_changes_the_etag_so_the_old_one_gets_the_new_body() {
        String before = setUp("k1").header("ETag");
        assertThat(before).isEqualTo("\"1\"");
        stub.answer(200, "{}");
        server.api().verify(API_KEY);

        ApiResponse read = get(Map.of("If-None-Match", before));

        assertThat(read.status()).as("the body changed since %s", before).isEqualTo(200);
        assertThat(read.data().at("/setup/last_verification/ok").asBoolean()).isTrue();
        String after = read.header("ETag");
        assertThat(after).startsWith("\"1-").isNotEqualTo(before);
        assertThat(get(Map.of("If-None-Match", after)).status()).isEqualTo(304);
    }

    @Test
    void each_verification_gives_a_new_etag() {
        setUp("k1");
        stub.answer(200, "{}");
        server.api().verify(API_KEY);
        String first = get(Map.of()).header("ETag");
        stub.answer(401, "{}");
        server.api().verify(API_KEY);

        assertThat(get(Map.of()).header("ETag")).isNotEqualTo(first).startsWith("\"1-");
    }

    @Test
    void the_routes_and_the_read_shortcut_send_the_same_etag() {
        stub.answer(200, "{}");

        // A write's answer comes from the Javalin route, a GET of one from the read shortcut.
        ApiResponse verified = server.api().send("POST", ONE + "/setup?verify=true", "{\"api_key\":\""
                + server.secret("k1") + "\",\"base_url\":\"" + stub.baseUrl() + "\"}", "application/json", Map.of());

        assertThat(verified.status()).as(verified.body()).isEqualTo(200);
        assertThat(verified.data().at("/setup/last_verification/ok").asBoolean()).isTrue();
        assertThat(verified.header("ETag")).startsWith("\"1-");
        assertThat(get(Map.of()).header("ETag")).isEqualTo(verified.header("ETag"));
    }

    @Test
    void if_match_takes_the_plain_revision_and_the_whole_tag_and_refuses_stale_ones() {
        setUp("k1");
        stub.answer(200, "{}");
        server.api().verify(API_KEY);
        String tag = get(Map.of()).header("ETag");

        assertThat(setUp("k2", Map.of("If-Match", "\"1\"")).status()).isEqualTo(200);
        assertThat(setUp("k3", Map.of("If-Match", tag)).status()).as("revision 1 is stale now").isEqualTo(412);
        server.api().verify(API_KEY);
        String current = get(Map.of()).header("ETag");
        assertThat(current).startsWith("\"2-");
        assertThat(setUp("k4", Map.of("If-Match", current)).status()).isEqualTo(200);
    }

    private ApiResponse setUp(String label) {
        return setUp(label, Map.of());
    }

    private ApiResponse setUp(String label, Map<String, String> headers) {
        return server.api().send("POST", ONE + "/setup", "{\"api_key\":\"" + server.secret(label) + "\",\"base_url\":\""
                + stub.baseUrl() + "\"}", "application/json", headers);
    }

    private ApiResponse get(Map<String, String> headers) {
        return server.api().send("GET", ONE, null, null, headers);
    }
}

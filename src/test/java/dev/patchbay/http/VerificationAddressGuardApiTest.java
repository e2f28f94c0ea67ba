package dev.patchbay.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.ProviderStub;
import dev.patchbay.testing.StubDescriptors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;

import static dev.patchbay.testing.StubDescriptors.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/** Without {@code PATCHBAY_VERIFY_ALLOW_PRIVATE}, verification never calls an address inside the network. */
class VerificationAddressGuardApiTest {
    private static final Path PROVIDERS = StubDescriptors.inTemporaryDirectory();

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(Map.of(
            "PATCHBAY_PROVIDERS_DIR", PROVIDERS.toString()));

    @RegisterExtension
    final ProviderStub stub = new ProviderStub();

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "localhost"})
    void a_loopback_destination_is_refused_without_a_request(String host) {
        String baseUrl = stub.baseUrl().replace("127.0.0.1", host);
        ApiResponse setUp = server.api().setup(API_KEY, "{\"api_key\":\"" + server.secret("key") + "\",\"base_url\":\""
                + baseUrl + "\"}");
        assertThat(setUp.status()).isEqualTo(200);
        stub.answer(200, "{}");

        JsonNode result = server.api().verify(API_KEY).data();

        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("reason").asText()).isEqualTo("unreachable");
        assertThat(result.get("detail").asText()).contains("refused").contains("loopback");
        assertThat(stub.requestCount()).isZero();
    }

    /**
     * IPv6 literals that carry an internal IPv4 address, written as a setup's URL: each is refused before
     * any connection. (The stub only proves that nothing reached it; the refusal's detail proves that
     * nothing was tried elsewhere either, since a tried connection fails with another detail.)
     */
    @ParameterizedTest
    @CsvSource({
            "[::ffff:0:127.0.0.1], loopback",
            "[64:ff9b::7f00:1], loopback",
            "[64:ff9b::a00:1], private",
            "[64:ff9b:1::a00:1], local-use NAT64",
            "[2002:7f00:1::1], loopback",
            "[2002:c0a8:101::1], private",
            "[2001:0:5db8:d70e::80ff:fffe], loopback",
            "[2001:0:a00:1::a247:28f1], private"})
    void a_url_literal_embedding_an_internal_ipv4_address_is_refused_without_a_request(String host, String kind) {
        String baseUrl = stub.baseUrl().replace("127.0.0.1", host);
        ApiResponse setUp = server.api().setup(API_KEY, "{\"api_key\":\"" + server.secret("key") + "\",\"base_url\":\""
                + baseUrl + "\"}");
        assertThat(setUp.status()).as(setUp.body()).isEqualTo(200);
        stub.answer(200, "{}");

        JsonNode result = server.api().verify(API_KEY).data();

        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("reason").asText()).isEqualTo("unreachable");
        assertThat(result.get("detail").asText()).contains("refused").contains(kind);
        assertThat(stub.requestCount()).isZero();
    }
}

package dev.patchbay.http;

import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.ConnectableProviders;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.ProviderStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.Map;

import static dev.patchbay.http.ProxyCalls.PROXY;
import static org.assertj.core.api.Assertions.assertThat;

/** Without PATCHBAY_VERIFY_ALLOW_PRIVATE, the proxy calls no private or loopback address. */
class ProxyDestinationTest {
    private static final Path PROVIDERS = ConnectableProviders.inTemporaryDirectory();

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(Map.of(
            "PATCHBAY_PROVIDERS_DIR", PROVIDERS.toString()));

    @RegisterExtension
    final ProviderStub stub = new ProviderStub();

    @Test
    void an_api_host_on_a_loopback_address_is_refused_and_nothing_is_sent() {
        String id = ProxyCalls.stubConnection(server.api(), stub.baseUrl(), "stub-key");

        ApiResponse answer = server.api().get(PROXY + id + "/user");

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.json().get("type").asText()).endsWith("/upstream-refused");
        assertThat(answer.body()).doesNotContain("127.0.0.1");
        assertThat(stub.requestCount()).isZero();
    }
}

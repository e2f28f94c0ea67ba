package dev.patchbay.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.FakeNameResolver;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.ProviderStub;
import dev.patchbay.testing.StubDescriptors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;

import static dev.patchbay.testing.StubDescriptors.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code PATCHBAY_VERIFY_ALLOW_PRIVATE}, verification never calls an address inside the network,
 * also when a name resolves to a public address as well, in either order.
 *
 * <p>The guard judges what {@link FakeNameResolver} answers, but the call itself resolves the name
 * through the JDK. So the fake name is {@code localhost}: a call the guard wrongly lets through
 * reaches the stub on 127.0.0.1, where the test sees it.
 */
class VerificationAddressGuardApiTest {
    private static final Path PROVIDERS = StubDescriptors.inTemporaryDirectory();
    /** An address the guard calls public; never called, since the connection goes to localhost. */
    private static final String PUBLIC = "1.1.1.1";

    private final FakeNameResolver names = new FakeNameResolver();

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(Map.of(
            "PATCHBAY_PROVIDERS_DIR", PROVIDERS.toString()), names);

    @RegisterExtension
    final ProviderStub stub = new ProviderStub();

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "localhost"})
    void a_loopback_destination_is_refused_without_a_request(String host) {
        setUpWithBaseUrl(stub.baseUrl().replace("127.0.0.1", host));
        stub.answer(200, "{}");

        JsonNode result = server.api().verify(API_KEY).data();

        assertRefused(result, "loopback");
        assertThat(stub.requestCount()).isZero();
    }

    @ParameterizedTest(name = "localhost resolves to {0}, then {1}")
    @CsvSource({
            PUBLIC + ", 127.0.0.1, loopback",
            "127.0.0.1, " + PUBLIC + ", loopback",
            PUBLIC + ", 10.0.0.7, private",
            "192.168.1.7, " + PUBLIC + ", private",
            PUBLIC + ", 169.254.169.254, link-local"})
    void a_name_with_a_public_and_an_internal_address_is_refused_without_a_request(String first, String second,
                                                                                  String kind) {
        names.answer("localhost", first, second);
        setUpWithBaseUrl(stub.baseUrl().replace("127.0.0.1", "localhost"));
        stub.answer(200, "{}");

        JsonNode result = server.api().verify(API_KEY).data();

        assertRefused(result, kind);
        assertThat(stub.requestCount()).as("calls that reached the stub").isZero();
    }

    /** The premise of the test above: its public address passes the guard, and the call is then made. */
    @Test
    void a_name_with_only_a_public_address_is_called() {
        names.answer("localhost", PUBLIC);
        setUpWithBaseUrl(stub.baseUrl().replace("127.0.0.1", "localhost"));
        stub.answer(200, "{}");

        JsonNode result = server.api().verify(API_KEY).data();

        assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
        assertThat(stub.requestCount()).isEqualTo(1);
    }

    private void setUpWithBaseUrl(String baseUrl) {
        ApiResponse setUp = server.api().setup(API_KEY, "{\"api_key\":\"" + server.secret("key") + "\",\"base_url\":\""
                + baseUrl + "\"}");
        assertThat(setUp.status()).isEqualTo(200);
    }

    private static void assertRefused(JsonNode result, String kind) {
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isFalse();
        assertThat(result.get("reason").asText()).isEqualTo("unreachable");
        assertThat(result.get("detail").asText()).contains("refused").contains(kind);
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

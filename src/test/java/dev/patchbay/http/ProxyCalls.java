package dev.patchbay.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.ConnectableProviders;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the proxy tests do over and over: set up a key provider and import a connection of it. */
final class ProxyCalls {
    static final String PROXY = "/v1/proxy/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProxyCalls() {
    }

    /** Sets up {@code slug} with {@code base_url} {@code baseUrl} and the extra string fields given. */
    static void setUp(Api api, String slug, String baseUrl, Map<String, String> fields) {
        ObjectNode config = JSON.createObjectNode().put("base_url", baseUrl);
        fields.forEach(config::put);
        ApiResponse setup = api.setup(slug, config.toString());
        assertThat(setup.status()).as(setup.body()).isEqualTo(200);
    }

    /** Imports a connection of {@code slug} carrying {@code credential} (empty: the setup's own); returns its id. */
    static String importKeyConnection(Api api, String slug, Map<String, String> credential) {
        ObjectNode body = JSON.createObjectNode().put("provider_slug", slug).put("owner", "user-1");
        if (!credential.isEmpty()) {
            ObjectNode fields = body.putObject("credential");
            credential.forEach(fields::put);
        }
        ApiResponse created = ConnectionCalls.importConnection(api, body.toString(), UUID.randomUUID().toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.data().get("id").asText();
    }

    /** A stub-backed api_key connection ({@link ConnectableProviders#OWN_KEY}) whose key is {@code key}. */
    static String stubConnection(Api api, String stubBaseUrl, String key) {
        setUp(api, ConnectableProviders.OWN_KEY, stubBaseUrl, Map.of());
        return importKeyConnection(api, ConnectableProviders.OWN_KEY, Map.of("account_key", key));
    }
}

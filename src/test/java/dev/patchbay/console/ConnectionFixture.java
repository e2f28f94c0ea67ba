package dev.patchbay.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.ConnectableProviders;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.oauth.Consent;
import dev.patchbay.testing.oauth.FakeOAuthServer;
import dev.patchbay.testing.oauth.TokenFault;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The oauth2 provider the connection tests use, {@link ConnectableProviders#OAUTH}, with its endpoints
 * at a {@link FakeOAuthServer} that shows a consent page, and connections made through the API.
 */
final class ConnectionFixture {
    static final Path PROVIDERS = ConnectableProviders.inTemporaryDirectory();
    /** No allowed origins: the console's popup posts to Patchbay's own origin, which is always allowed. */
    static final Map<String, String> ENV = Map.of("PATCHBAY_PROVIDERS_DIR", PROVIDERS.toString(),
            "PATCHBAY_VERIFY_ALLOW_PRIVATE", "true");
    static final String PROVIDER = ConnectableProviders.OAUTH;
    static final String CLIENT_ID = "console-client";
    static final String CALLBACK = "/v1/connectors/oauth/callback";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PatchbayServerExtension server;
    private final FakeOAuthServer fake;

    ConnectionFixture(PatchbayServerExtension server, FakeOAuthServer fake) {
        this.server = server;
        this.fake = fake;
        fake.settings().consent(Consent.ASK);
    }

    /** Registers the OAuth client at the fake, redirecting to Patchbay's callback; answers its secret. */
    String registerClient() {
        String secret = server.secret("client-secret");
        fake.registerClient(CLIENT_ID, secret, server.server().baseUrl() + CALLBACK);
        return secret;
    }

    /** Sets the provider up through the API. */
    void setUp() {
        String secret = registerClient();
        ApiResponse answer = server.api().setup(PROVIDER, "{\"client_id\": \"" + CLIENT_ID + "\", \"client_secret\": \""
                + secret + "\", \"base_url\": \"" + fake.baseUrl() + "\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    /** Imports a connection with tokens Patchbay holds from now on; answers its id. */
    String importConnection(String owner, Map<String, String> tags) {
        ObjectNode body = JSON.createObjectNode().put("provider_slug", PROVIDER).put("owner", owner);
        tags.forEach(body.putObject("tags")::put);
        body.putObject("credential").put("access_token", server.secret("access")).put("refresh_token", server.secret("refresh"))
                .put("expires_in", 3600);
        ApiResponse created = server.api().send("POST", "/v1/connections", body.toString(), "application/json",
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.data().get("id").asText();
    }

    /** The provider refuses the connection's refresh token: it needs re-authorization. */
    void refuseRefresh(String id) {
        fake.failNextTokenCalls(1, TokenFault.error("invalid_grant"));
        ApiResponse refused = server.api().get("/v1/connections/" + id + "/credentials?force_refresh=true");
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
    }

    JsonNode connection(String id) {
        return server.api().get("/v1/connections/" + id).data();
    }

    JsonNode connectionsOf(String owner) {
        return server.api().get("/v1/connections?owner=" + owner).data();
    }
}

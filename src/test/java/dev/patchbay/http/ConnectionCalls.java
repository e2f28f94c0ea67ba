package dev.patchbay.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.ConnectableProviders;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.oauth.FakeOAuthServer;
import dev.patchbay.testing.oauth.IssuedTokens;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the connection tests do over and over: set up the fake provider, import tokens, read credentials. */
final class ConnectionCalls {
    static final String CONNECTIONS = "/v1/connections";
    static final String CLIENT_ID = "patchbay-test-client";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConnectionCalls() {
    }

    /** Registers a client at the fake and sets up {@code slug} with it; returns the client secret. */
    static String setUpOAuth(PatchbayServerExtension server, FakeOAuthServer fake, String slug) {
        String secret = server.secret("client-secret");
        fake.registerClient(CLIENT_ID, secret, "https://app.example/callback");
        ApiResponse setup = server.api().setup(slug, "{\"client_id\":\"" + CLIENT_ID + "\",\"client_secret\":\""
                + secret + "\",\"base_url\":\"" + fake.baseUrl() + "\"}");
        assertThat(setup.status()).as(setup.body()).isEqualTo(200);
        return secret;
    }

    /** The body importing {@code tokens} for {@code owner}, expiring in {@code expiresIn} seconds (null: no expiry). */
    static String oauthBody(String slug, String owner, IssuedTokens tokens, Long expiresIn, Map<String, String> tags) {
        ObjectNode body = JSON.createObjectNode().put("provider_slug", slug).put("owner", owner);
        ObjectNode tagNode = body.putObject("tags");
        tags.forEach(tagNode::put);
        ObjectNode credential = body.putObject("credential").put("access_token", tokens.accessToken());
        if (tokens.refreshToken() != null) {
            credential.put("refresh_token", tokens.refreshToken());
        }
        if (expiresIn != null) {
            credential.put("expires_in", expiresIn);
        }
        credential.putArray("scopes").add("read");
        return body.toString();
    }

    static ApiResponse importConnection(Api api, String body, String idempotencyKey) {
        return api.send("POST", CONNECTIONS, body, "application/json",
                idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
    }

    /** Imports fresh tokens from the fake for {@code owner}; returns the new connection's id. */
    static String connect(Api api, FakeOAuthServer fake, String slug, String owner, Long expiresIn) {
        IssuedTokens tokens = fake.issueTokens(CLIENT_ID, List.of("read"));
        ApiResponse created = importConnection(api, oauthBody(slug, owner, tokens, expiresIn, Map.of()),
                UUID.randomUUID().toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.data().get("id").asText();
    }

    static ApiResponse credentials(Api api, String id, String query) {
        return api.get(CONNECTIONS + "/" + id + "/credentials" + query);
    }

    static String accessToken(ApiResponse credentials) {
        assertThat(credentials.status()).as(credentials.body()).isEqualTo(200);
        return credentials.data().get("access_token").asText();
    }

    /** Slug {@link ConnectableProviders#OAUTH}, for brevity. */
    static final String OAUTH = ConnectableProviders.OAUTH;
}

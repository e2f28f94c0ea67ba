package dev.patchbay.connect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.StubDescriptors;
import okhttp3.HttpUrl;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The steps of a connect flow as the tests drive them: set up, start a session, open its links. */
final class ConnectCalls {
    static final Path PROVIDERS = StubDescriptors.inTemporaryDirectory();
    static final String PROVIDER = StubDescriptors.OAUTH;
    static final String APP = "https://app.example.com";
    static final String SESSIONS = "/v1/connect-sessions";
    static final String CALLBACK = "/v1/connectors/oauth/callback";
    static final Map<String, String> ENV = Map.of(
            "PATCHBAY_PROVIDERS_DIR", PROVIDERS.toString(),
            "PATCHBAY_VERIFY_ALLOW_PRIVATE", "true",
            "PATCHBAY_CONNECT_ALLOWED_ORIGINS", APP + ", http://localhost:3000");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PatchbayServerExtension server;

    ConnectCalls(PatchbayServerExtension server) {
        this.server = server;
    }

    /** Sets up the stub oauth2 provider with its endpoints at {@code baseUrl}; returns its client secret. */
    String setUp(String baseUrl) {
        String secret = server.secret("client-secret");
        ApiResponse answer = server.api().setup(PROVIDER, "{\"client_id\": \"acme-client\", \"client_secret\": \""
                + secret + "\", \"base_url\": \"" + baseUrl + "\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return secret;
    }

    ApiResponse start(String body) {
        return server.api().postJson(SESSIONS, body);
    }

    /** A session of the stub provider for {@code owner} with {@code extra} fields; answers its token. */
    String session(Map<String, Object> extra) {
        ObjectNode body = JSON.createObjectNode().put("provider_slug", PROVIDER).put("owner", "user-42");
        extra.forEach((name, value) -> body.set(name, JSON.valueToTree(value)));
        ApiResponse answer = start(body.toString());
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.data().get("token").asText();
    }

    /** Opens the authorize link of {@code token} in a browser that does not follow the redirect. */
    ApiResponse authorize(String token) {
        return authorize(PROVIDER, token);
    }

    ApiResponse authorize(String slug, String token) {
        return browser().visit("/v1/connectors/oauth/" + slug + "/authorize?token=" + token);
    }

    /** The authorization request the browser was sent to, after checking it is a redirect. */
    static HttpUrl providerRequest(ApiResponse authorize) {
        assertThat(authorize.status()).as(authorize.body()).isEqualTo(302);
        return HttpUrl.get(authorize.header("Location"));
    }

    /** Comes back to the callback with these query parameters, as the provider would send the browser. */
    ApiResponse callback(Map<String, String> query) {
        HttpUrl.Builder url = HttpUrl.get("http://localhost" + CALLBACK).newBuilder();
        query.forEach(url::addQueryParameter);
        return browser().visit(CALLBACK + "?" + url.build().encodedQuery());
    }

    /** Back from the provider with a code for the state of {@code authorize}. */
    ApiResponse approve(ApiResponse authorize, String code) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("code", code);
        query.put("state", providerRequest(authorize).queryParameter("state"));
        return callback(query);
    }

    /** A browser: no API key, redirects not followed. */
    Api browser() {
        return server.api().withKey(null);
    }

    static Map<String, String> query(String url) {
        HttpUrl parsed = HttpUrl.get(url);
        Map<String, String> query = new LinkedHashMap<>();
        parsed.queryParameterNames().forEach(name -> query.put(name, parsed.queryParameter(name)));
        return query;
    }
}

package dev.patchbay.connect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.StubDescriptors;
import dev.patchbay.testing.oauth.FakeOAuthServer;
import okhttp3.HttpUrl;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The steps of a connect flow as the tests drive them: set up, start a session, open its links. */
public final class ConnectCalls {
    /** An oauth2 stub provider that declares its issuer (RFC 9207): its {@code base_url}. */
    static final String WITH_ISSUER = "acme-issuer";
    /** An oauth2 stub provider whose descriptor says it cannot take PKCE. */
    static final String WITHOUT_PKCE = "acme-plain";
    public static final Path PROVIDERS = withConnectDescriptors(StubDescriptors.inTemporaryDirectory());
    public static final String PROVIDER = StubDescriptors.OAUTH;
    public static final String APP = "https://app.example.com";
    static final String SESSIONS = "/v1/connect-sessions";
    static final String CALLBACK = "/v1/connectors/oauth/callback";
    public static final Map<String, String> ENV = Map.of(
            "PATCHBAY_PROVIDERS_DIR", PROVIDERS.toString(),
            "PATCHBAY_VERIFY_ALLOW_PRIVATE", "true",
            "PATCHBAY_CONNECT_ALLOWED_ORIGINS", APP + ", http://localhost:3000");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PatchbayServerExtension server;

    private static Path withConnectDescriptors(Path dir) {
        write(dir, WITH_ISSUER, "  issuer: '{base_url}'\n");
        write(dir, WITHOUT_PKCE, "  pkce: false\n");
        return dir;
    }

    private static void write(Path dir, String slug, String oauth2Extra) {
        String yaml = "provider_slug: " + slug + "\ndisplay_name: " + slug + "\ndescription: A stub.\ncategory: testing\n"
                + "auth_type: oauth2\nexecution_strategy: server-side\ndocs_url: https://example.com/docs\n"
                + "oauth2:\n  authorization_url: '{base_url}/authorize'\n  token_url: '{base_url}/token'\n" + oauth2Extra
                + "config_schema:\n  type: object\n  required: [client_id, client_secret, base_url]\n  properties:\n"
                + "    client_id: {type: string, minLength: 1}\n"
                + "    client_secret: {type: string, minLength: 1, writeOnly: true}\n"
                + "    base_url: {type: string, minLength: 1}\n  additionalProperties: false\n";
        try {
            java.nio.file.Files.writeString(dir.resolve(slug + ".yaml"), yaml);
            dir.resolve(slug + ".yaml").toFile().deleteOnExit();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public ConnectCalls(PatchbayServerExtension server) {
        this.server = server;
    }

    /** Sets up the stub oauth2 provider with its endpoints at {@code baseUrl}; returns its client secret. */
    String setUp(String baseUrl) {
        return setUp(PROVIDER, baseUrl);
    }

    String setUp(String slug, String baseUrl) {
        String secret = server.secret("client-secret");
        ApiResponse answer = server.api().setup(slug, "{\"client_id\": \"acme-client\", \"client_secret\": \""
                + secret + "\", \"base_url\": \"" + baseUrl + "\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return secret;
    }

    /** Sets up {@code slug} against {@code fake}, with a client the fake knows, redirecting to Patchbay's callback. */
    public void setUp(String slug, FakeOAuthServer fake) {
        String secret = setUp(slug, fake.baseUrl());
        fake.registerClient("acme-client", secret, server.server().baseUrl() + CALLBACK);
    }

    /** The browser follows the redirect to the fake, which answers at once, and comes back to the callback. */
    public ApiResponse throughProvider(FakeOAuthServer fake, ApiResponse authorize) {
        URI back = fake.followAuthorization(providerRequest(authorize).toString());
        assertThat(back.getRawPath()).isEqualTo(CALLBACK);
        return browser().visit(back.getRawPath() + "?" + back.getRawQuery());
    }

    ApiResponse start(String body) {
        return server.api().postJson(SESSIONS, body);
    }

    /** A session of the stub provider for {@code owner} with {@code extra} fields; answers its token. */
    public String session(Map<String, Object> extra) {
        return session(PROVIDER, extra);
    }

    /** A session of the stub provider, set up first with its endpoints at {@code baseUrl}. */
    String session(Map<String, Object> extra, String baseUrl) {
        setUp(baseUrl);
        return session(extra);
    }

    String session(String slug, Map<String, Object> extra) {
        ObjectNode body = JSON.createObjectNode().put("provider_slug", slug).put("owner", "user-42");
        extra.forEach((name, value) -> body.set(name, JSON.valueToTree(value)));
        ApiResponse answer = start(body.toString());
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.data().get("token").asText();
    }

    /** Opens the authorize link of {@code token} in a browser that does not follow the redirect. */
    public ApiResponse authorize(String token) {
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

    public static Map<String, String> query(String url) {
        HttpUrl parsed = HttpUrl.get(url);
        Map<String, String> query = new LinkedHashMap<>();
        parsed.queryParameterNames().forEach(name -> query.put(name, parsed.queryParameter(name)));
        return query;
    }
}

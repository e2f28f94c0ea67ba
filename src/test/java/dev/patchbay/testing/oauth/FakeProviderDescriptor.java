package dev.patchbay.testing.oauth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An operator descriptor (for {@code PATCHBAY_PROVIDERS_DIR}) of a provider whose endpoints are a
 * {@link FakeOAuthServer}'s: literal http URLs, which operators' descriptors may use. The oauth2
 * details follow the fake's settings when {@link #yaml()} runs, unless set here (to describe the
 * provider wrongly on purpose). Not thread-safe; build it in one test.
 */
public final class FakeProviderDescriptor {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final FakeOAuthServer server;
    private final String slug;
    private final String authType;
    private String clientAuth;
    private String requestFormat;
    private Boolean pkce;
    private String scopeSeparator;
    private String tokenResponsePath;
    private String issuer;
    private boolean withIssuer = true;
    private boolean withRevocation = true;
    private boolean withRefreshUrl;
    private Map<String, String> authorizationParams = Map.of();
    private Map<String, String> tokenParams = Map.of();
    private List<String> connectionValues = List.of();
    private List<String> defaultScopes = List.of("read", "write");

    private FakeProviderDescriptor(FakeOAuthServer server, String slug, String authType) {
        this.server = server;
        this.slug = slug;
        this.authType = authType;
    }

    /** An oauth2 provider at {@code server}. */
    public static FakeProviderDescriptor oauth2(FakeOAuthServer server, String slug) {
        return new FakeProviderDescriptor(server, slug, "oauth2");
    }

    /**
     * An api_key provider whose API is the fake's, the key going in {@code X-Api-Key} (what
     * {@code /api/key} accepts once {@link FakeOAuthSettings#apiKey} is set).
     */
    public static FakeProviderDescriptor apiKey(FakeOAuthServer server, String slug) {
        return new FakeProviderDescriptor(server, slug, "api_key");
    }

    /** {@code basic} or {@code body}; default: basic when the fake accepts it, else body. */
    public FakeProviderDescriptor clientAuth(String value) {
        clientAuth = value;
        return this;
    }

    /** {@code form} or {@code json}; default: form when the fake accepts it, else json. */
    public FakeProviderDescriptor requestFormat(String value) {
        requestFormat = value;
        return this;
    }

    /** Default: true unless the fake refuses PKCE. */
    public FakeProviderDescriptor pkce(boolean value) {
        pkce = value;
        return this;
    }

    /** Default: the fake's. */
    public FakeProviderDescriptor scopeSeparator(String value) {
        scopeSeparator = value;
        return this;
    }

    /** Default: the fake's. */
    public FakeProviderDescriptor tokenResponsePath(String value) {
        tokenResponsePath = value;
        return this;
    }

    /** The declared issuer; default the fake's {@link FakeOAuthServer#issuer()}; null: none declared. */
    public FakeProviderDescriptor issuer(String value) {
        issuer = value;
        withIssuer = value != null;
        return this;
    }

    /** Leaves revocation_url out: a provider without RFC 7009 revocation. */
    public FakeProviderDescriptor withoutRevocation() {
        withRevocation = false;
        return this;
    }

    /** Names the fake's {@link FakeOAuthServer#refreshUrl()} as refresh_url, so refreshes go apart from code exchanges. */
    public FakeProviderDescriptor withRefreshUrl() {
        withRefreshUrl = true;
        return this;
    }

    public FakeProviderDescriptor authorizationParams(Map<String, String> params) {
        authorizationParams = Map.copyOf(params);
        return this;
    }

    public FakeProviderDescriptor tokenParams(Map<String, String> params) {
        tokenParams = Map.copyOf(params);
        return this;
    }

    /** Top-level token-response fields kept on the connection (set them with {@link FakeOAuthSettings#extraTokenValues}). */
    public FakeProviderDescriptor connectionValues(List<String> names) {
        connectionValues = List.copyOf(names);
        return this;
    }

    /** Default read and write. */
    public FakeProviderDescriptor defaultScopes(List<String> scopes) {
        defaultScopes = List.copyOf(scopes);
        return this;
    }

    public String yaml() {
        ObjectNode root = YAML.createObjectNode();
        root.put("provider_slug", slug).put("display_name", slug)
                .put("description", "A test provider whose service is a fake on 127.0.0.1.")
                .put("category", "testing").put("auth_type", authType).put("execution_strategy", "server-side")
                .put("docs_url", "https://example.com/docs");
        if (authType.equals("oauth2")) {
            ArrayNode scopes = root.putArray("default_scopes");
            defaultScopes.forEach(scope -> scopes.addObject().put("name", scope).put("description", "Scope " + scope));
            root.set("oauth2", oauth2Block());
            root.putObject("api").put("base_url", server.apiBaseUrl());
            root.set("config_schema", oauth2Schema());
        } else {
            root.putObject("api").put("base_url", server.apiBaseUrl())
                    .putObject("headers").put("X-Api-Key", "{api_key}");
            ObjectNode schema = root.putObject("config_schema").put("type", "object");
            schema.putArray("required").add("api_key");
            schema.putObject("properties").putObject("api_key").put("type", "string").put("minLength", 1)
                    .put("writeOnly", true);
            schema.put("additionalProperties", false);
        }
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code <slug>.yaml} into {@code dir}; answers the file. */
    public Path writeInto(Path dir) {
        try {
            return Files.writeString(dir.resolve(slug + ".yaml"), yaml());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode oauth2Block() {
        FakeOAuthSettings settings = server.settings();
        ObjectNode oauth2 = YAML.createObjectNode();
        oauth2.put("authorization_url", server.authorizationUrl()).put("token_url", server.tokenUrl());
        if (withRefreshUrl) {
            oauth2.put("refresh_url", server.refreshUrl());
        }
        if (withRevocation) {
            oauth2.put("revocation_url", server.revocationUrl());
        }
        oauth2.put("client_auth", clientAuth != null ? clientAuth
                : settings.clientAuth().contains(ClientAuthMethod.BASIC) ? "basic" : "body");
        oauth2.put("request_format", requestFormat != null ? requestFormat
                : settings.requestFormats().contains(RequestFormat.FORM) ? "form" : "json");
        oauth2.put("pkce", pkce != null ? pkce : settings.pkce() != PkcePolicy.REFUSED);
        oauth2.put("scope_separator", scopeSeparator != null ? scopeSeparator : settings.scopeSeparator());
        String path = tokenResponsePath != null ? tokenResponsePath : settings.tokenResponsePath();
        if (path != null) {
            oauth2.put("token_response_path", path);
        }
        if (withIssuer) {
            oauth2.put("issuer", issuer != null ? issuer : server.issuer());
        }
        putAll(oauth2.putObject("authorization_params"), authorizationParams);
        putAll(oauth2.putObject("token_params"), tokenParams);
        ArrayNode values = oauth2.putArray("connection_values");
        connectionValues.forEach(values::add);
        return oauth2;
    }

    private static void putAll(ObjectNode node, Map<String, String> values) {
        new LinkedHashMap<>(values).forEach(node::put);
    }

    private static ObjectNode oauth2Schema() {
        ObjectNode schema = YAML.createObjectNode().put("type", "object");
        schema.putArray("required").add("client_id").add("client_secret");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("client_id").put("type", "string").put("minLength", 1);
        properties.putObject("client_secret").put("type", "string").put("minLength", 1).put("writeOnly", true);
        properties.putObject("scopes").put("type", "array").putObject("items").put("type", "string").put("minLength", 1);
        properties.putObject("redirect_uri").put("type", "string").put("minLength", 1);
        schema.put("additionalProperties", false);
        return schema;
    }
}

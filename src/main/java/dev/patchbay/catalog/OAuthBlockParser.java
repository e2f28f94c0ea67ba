package dev.patchbay.catalog;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a descriptor's {@code oauth2} block into {@link OAuthEndpoints}, enforcing its rules. Throws
 * {@link IllegalArgumentException} whose message is the broken rule.
 */
final class OAuthBlockParser {
    private static final Set<String> KEYS = Set.of("authorization_url", "token_url", "client_auth",
            "request_format", "refresh_url", "revocation_url", "scope_separator", "pkce", "authorization_params",
            "token_params", "token_response_path", "issuer", "connection_values");
    /** Parameters Patchbay sets itself; a descriptor that set them would break the flow or its defences. */
    private static final Set<String> AUTHORIZATION_RESERVED = Set.of("response_type", "client_id", "redirect_uri",
            "scope", "state", "code_challenge", "code_challenge_method");
    private static final Set<String> TOKEN_RESERVED = Set.of("grant_type", "code", "redirect_uri", "client_id",
            "client_secret", "code_verifier", "refresh_token");
    /** Token-response fields that are secrets or that the connection keeps in fields of its own. */
    private static final Set<String> NOT_CONNECTION_VALUES = Set.of("access_token", "refresh_token", "id_token",
            "expires_in", "scope", "token_type");
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_]{1,64}$");
    private static final Pattern PARAM = Pattern.compile("^[A-Za-z0-9_.-]{1,64}$");
    static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.]+)}");

    private OAuthBlockParser() {
    }

    static OAuthEndpoints parse(JsonNode node, ConfigSchema schema, boolean builtIn) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("oauth2 must be a mapping");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw new IllegalArgumentException("unknown field 'oauth2." + name + "'");
            }
        }
        String authorization = url(node, "authorization_url", true, schema, builtIn);
        String token = url(node, "token_url", true, schema, builtIn);
        String refresh = url(node, "refresh_url", false, schema, builtIn);
        String revocation = url(node, "revocation_url", false, schema, builtIn);
        String issuer = url(node, "issuer", false, schema, builtIn);
        ClientAuth clientAuth = VerifySpecParser.choice(node, "client_auth", ClientAuth.class, ClientAuth.BASIC, "oauth2.");
        BodyFormat requestFormat = VerifySpecParser.choice(node, "request_format", BodyFormat.class, BodyFormat.FORM,
                "oauth2.");
        String separator = " ";
        if (node.has("scope_separator")) {
            JsonNode value = node.get("scope_separator");
            if (!value.isTextual() || value.asText().isEmpty() || value.asText().length() > 3) {
                throw new IllegalArgumentException("oauth2.scope_separator must be a string of 1 to 3 characters");
            }
            separator = value.asText();
        }
        boolean pkce = true;
        if (node.has("pkce")) {
            if (!node.get("pkce").isBoolean()) {
                throw new IllegalArgumentException("oauth2.pkce must be true or false");
            }
            pkce = node.get("pkce").asBoolean();
        }
        Map<String, String> authorizationParams = params(node, "authorization_params", AUTHORIZATION_RESERVED);
        Map<String, String> tokenParams = params(node, "token_params", TOKEN_RESERVED);
        String path = null;
        if (node.has("token_response_path")) {
            JsonNode value = node.get("token_response_path");
            if (!value.isTextual() || !NAME.matcher(value.asText()).matches()) {
                throw new IllegalArgumentException("oauth2.token_response_path must name one field of the token"
                        + " response (letters, digits and _)");
            }
            path = value.asText();
        }
        return new OAuthEndpoints(authorization, token, clientAuth, requestFormat, refresh, revocation, separator,
                pkce, authorizationParams, tokenParams, path, issuer, connectionValues(node));
    }

    private static String url(JsonNode node, String field, boolean required, ConfigSchema schema, boolean builtIn) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException("missing required field 'oauth2." + field + "'");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("oauth2." + field + " must be a non-empty string");
        }
        String url = value.asText();
        checkUrl(url, "oauth2 URLs", schema, Set.of(), builtIn);
        return url;
    }

    /**
     * Checks a URL template: https (or http in an operator's descriptor, for labs) or a leading
     * placeholder, and every placeholder names a config_schema property or one of {@code extra}.
     */
    static void checkUrl(String url, String what, ConfigSchema schema, Set<String> extra, boolean builtIn) {
        boolean scheme = url.startsWith("https://") || (!builtIn && url.startsWith("http://"));
        if (!scheme && !url.startsWith("{")) {
            throw new IllegalArgumentException(what + " must start with https://"
                    + (builtIn ? "" : " (or http:// in an operator's descriptor)") + " or a {property} placeholder");
        }
        Matcher placeholder = PLACEHOLDER.matcher(url);
        while (placeholder.find()) {
            String name = placeholder.group(1);
            if (!schema.json().path("properties").has(name) && !extra.contains(name)) {
                throw new IllegalArgumentException(what + " placeholder {" + name + "} names no config_schema property");
            }
        }
    }

    private static Map<String, String> params(JsonNode node, String field, Set<String> reserved) {
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode block = node.get(field);
        if (block == null || block.isNull()) {
            return params;
        }
        if (!block.isObject()) {
            throw new IllegalArgumentException("oauth2." + field + " must be a mapping of parameter name to value");
        }
        for (Map.Entry<String, JsonNode> param : block.properties()) {
            String name = param.getKey();
            if (!PARAM.matcher(name).matches()) {
                throw new IllegalArgumentException("oauth2." + field + ": '" + name + "' is not a parameter name");
            }
            if (reserved.contains(name)) {
                throw new IllegalArgumentException("oauth2." + field + " must not set " + name
                        + ": Patchbay sets it itself");
            }
            if (!param.getValue().isTextual()) {
                throw new IllegalArgumentException("oauth2." + field + "." + name + " must be a string (quote it)");
            }
            params.put(name, param.getValue().asText());
        }
        return params;
    }

    private static List<String> connectionValues(JsonNode node) {
        List<String> values = new ArrayList<>();
        JsonNode list = node.get("connection_values");
        if (list == null || list.isNull()) {
            return values;
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException("oauth2.connection_values must be a list of field names");
        }
        for (JsonNode value : list) {
            if (!value.isTextual() || !NAME.matcher(value.asText()).matches()) {
                throw new IllegalArgumentException("oauth2.connection_values must hold field names (letters, digits and _)");
            }
            if (NOT_CONNECTION_VALUES.contains(value.asText())) {
                throw new IllegalArgumentException("oauth2.connection_values must not name " + value.asText()
                        + ": it is a token or kept in a field of its own");
            }
            if (values.contains(value.asText())) {
                throw new IllegalArgumentException("oauth2.connection_values names " + value.asText() + " twice");
            }
            values.add(value.asText());
        }
        return values;
    }
}

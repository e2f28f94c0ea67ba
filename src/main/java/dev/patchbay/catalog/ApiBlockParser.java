package dev.patchbay.catalog;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a descriptor's {@code api} block into an {@link ApiSpec}, enforcing its rules. Throws
 * {@link IllegalArgumentException} whose message is the broken rule.
 */
final class ApiBlockParser {
    private static final Set<String> KEYS = Set.of("base_url", "headers", "query", "basic_auth");
    private static final Pattern HEADER_NAME = Pattern.compile("^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$");
    /** Headers the JDK HTTP client sets itself and refuses to take from callers. */
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "upgrade");
    private static final Pattern QUERY_NAME = Pattern.compile("^[A-Za-z0-9_.-]{1,64}$");

    private ApiBlockParser() {
    }

    /**
     * @param connectionSchema the descriptor's connection_schema, null when it has none
     * @param oauth2           the oauth2 block, null unless the provider is oauth2
     */
    static ApiSpec parse(JsonNode node, AuthType authType, ConfigSchema schema, ConfigSchema connectionSchema,
                         OAuthEndpoints oauth2, boolean builtIn) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("api must be a mapping");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw new IllegalArgumentException("unknown field 'api." + name + "'");
            }
        }
        boolean credentialPlacement = authType == AuthType.API_KEY || authType == AuthType.BASIC;
        for (String placement : new String[] {"headers", "query", "basic_auth"}) {
            if (node.has(placement) && !credentialPlacement) {
                throw new IllegalArgumentException("api." + placement
                        + " is only allowed when auth_type is api_key or basic: it says where their credential goes");
            }
        }
        Set<String> names = new HashSet<>();
        if (connectionSchema != null) {
            connectionSchema.json().path("properties").fieldNames().forEachRemaining(names::add);
        }
        if (oauth2 != null) {
            oauth2.connectionValues().forEach(value -> names.add("connection." + value));
        }
        JsonNode base = node.get("base_url");
        if (base == null || !base.isTextual() || base.asText().isBlank()) {
            throw new IllegalArgumentException("api.base_url is required and must be a non-empty string");
        }
        OAuthBlockParser.checkUrl(base.asText(), "api.base_url", schema, names, builtIn);
        Map<String, String> headers = templates(node, "headers", HEADER_NAME, schema, names);
        for (String header : headers.keySet()) {
            if (RESTRICTED_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("api.headers: '" + header + "' is not a header a call may set");
            }
        }
        Map<String, String> query = templates(node, "query", QUERY_NAME, schema, names);
        ApiSpec.BasicAuth basic = null;
        JsonNode basicNode = node.get("basic_auth");
        if (basicNode != null && !basicNode.isNull()) {
            if (!basicNode.isObject() || basicNode.size() != 2 || !basicNode.path("username").isTextual()
                    || !basicNode.path("password").isTextual()) {
                throw new IllegalArgumentException("api.basic_auth must have exactly username and password, as strings");
            }
            basic = new ApiSpec.BasicAuth(basicNode.get("username").asText(), basicNode.get("password").asText());
            placeholders(basic.username(), "api.basic_auth.username", schema, names);
            placeholders(basic.password(), "api.basic_auth.password", schema, names);
        }
        return new ApiSpec(base.asText(), headers, query, basic);
    }

    private static Map<String, String> templates(JsonNode node, String field, Pattern nameRule, ConfigSchema schema,
                                                 Set<String> names) {
        Map<String, String> templates = new LinkedHashMap<>();
        JsonNode block = node.get(field);
        if (block == null || block.isNull()) {
            return templates;
        }
        if (!block.isObject()) {
            throw new IllegalArgumentException("api." + field + " must be a mapping of name to value");
        }
        for (Map.Entry<String, JsonNode> entry : block.properties()) {
            if (!nameRule.matcher(entry.getKey()).matches()) {
                throw new IllegalArgumentException("api." + field + ": '" + entry.getKey() + "' is not a valid name");
            }
            if (!entry.getValue().isTextual()) {
                throw new IllegalArgumentException("api." + field + "." + entry.getKey() + " must be a string");
            }
            placeholders(entry.getValue().asText(), "api." + field + "." + entry.getKey(), schema, names);
            templates.put(entry.getKey(), entry.getValue().asText());
        }
        return templates;
    }

    private static void placeholders(String template, String where, ConfigSchema schema, Set<String> names) {
        Matcher placeholder = OAuthBlockParser.PLACEHOLDER.matcher(template);
        while (placeholder.find()) {
            String name = placeholder.group(1);
            if (!schema.json().path("properties").has(name) && !names.contains(name)) {
                throw new IllegalArgumentException(where + " placeholder {" + name
                        + "} names no config_schema or connection_schema property nor connection value");
            }
        }
    }
}

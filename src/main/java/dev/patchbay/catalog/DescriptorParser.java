package dev.patchbay.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one parsed descriptor document into a {@link ProviderDescriptor}, enforcing every rule a
 * descriptor must follow. Throws {@link IllegalArgumentException} whose message is the broken rule.
 */
final class DescriptorParser {
    private static final Set<String> KNOWN_FIELDS = Set.of("provider_slug", "display_name", "description",
            "category", "auth_type", "execution_strategy", "docs_url", "default_scopes", "oauth2",
            "config_schema", "verify");
    private static final Set<String> EXECUTION_STRATEGIES = Set.of("server-side", "client-side");
    private static final Pattern CATEGORY = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");

    private final SchemaCompiler schemas;

    DescriptorParser(SchemaCompiler schemas) {
        this.schemas = schemas;
    }

    /** {@code builtIn}: a descriptor shipped in the jar, whose schema the build has checked (see {@link SchemaCompiler}). */
    ProviderDescriptor parse(ObjectNode node, boolean builtIn) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KNOWN_FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "'");
            }
        }
        String slug = text(node, "provider_slug");
        if (!ProviderDescriptor.SLUG.matcher(slug).matches()) {
            throw new IllegalArgumentException("provider_slug '" + slug + "' does not match "
                    + ProviderDescriptor.SLUG.pattern());
        }
        String authName = text(node, "auth_type");
        AuthType authType = AuthType.parse(authName).orElseThrow(() -> new IllegalArgumentException(
                "auth_type '" + authName + "' is not one of oauth2, api_key, basic, none"));
        String strategy = text(node, "execution_strategy");
        if (!EXECUTION_STRATEGIES.contains(strategy)) {
            throw new IllegalArgumentException("execution_strategy must be server-side or client-side");
        }
        String category = text(node, "category");
        if (!CATEGORY.matcher(category).matches()) {
            throw new IllegalArgumentException("category must be lower-case words joined by '-'");
        }
        String docsUrl = text(node, "docs_url");
        if (!docsUrl.startsWith("https://")) {
            throw new IllegalArgumentException("docs_url must be an https:// URL");
        }
        ConfigSchema schema = schemas.compile(required(node, "config_schema"), builtIn);
        OAuthEndpoints oauth2 = null;
        if (authType == AuthType.OAUTH2) {
            oauth2 = oauthEndpoints(required(node, "oauth2"), schema);
            requireOAuthClient(schema);
        } else if (node.has("oauth2")) {
            throw new IllegalArgumentException("oauth2 is only allowed when auth_type is oauth2");
        }
        VerifySpec verify = VerifySpecParser.parse(node.get("verify"), authType, schema);
        return new ProviderDescriptor(slug, ProviderIds.forSlug(slug), text(node, "display_name"),
                optionalText(node, "description"), category, authType, strategy, docsUrl,
                scopes(node.get("default_scopes")), oauth2, schema, verify);
    }

    private static void requireOAuthClient(ConfigSchema schema) {
        if (!schema.isRequired("client_id") || !schema.isRequired("client_secret")) {
            throw new IllegalArgumentException("an oauth2 config_schema must require client_id and client_secret");
        }
        if (!schema.secretFields().contains("client_secret")) {
            throw new IllegalArgumentException("client_secret must be writeOnly: true");
        }
    }

    private static OAuthEndpoints oauthEndpoints(JsonNode node, ConfigSchema schema) {
        String authorization = text(node, "authorization_url");
        String token = text(node, "token_url");
        for (String url : List.of(authorization, token)) {
            if (!url.startsWith("https://") && !url.startsWith("{")) {
                throw new IllegalArgumentException("oauth2 URLs must start with https:// or a {property} placeholder");
            }
            Matcher placeholder = PLACEHOLDER.matcher(url);
            while (placeholder.find()) {
                if (!schema.json().path("properties").has(placeholder.group(1))) {
                    throw new IllegalArgumentException("oauth2 URL placeholder {" + placeholder.group(1)
                            + "} names no config_schema property");
                }
            }
        }
        return new OAuthEndpoints(authorization, token);
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    private static List<Scope> scopes(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("default_scopes must be a list");
        }
        List<Scope> scopes = new ArrayList<>();
        for (JsonNode scope : node) {
            scopes.add(new Scope(text(scope, "name"), optionalText(scope, "description")));
        }
        return scopes;
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing required field '" + field + "'");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("field '" + field + "' must be a non-empty string");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string");
        }
        return value.asText();
    }
}

package dev.patchbay.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns one parsed descriptor document into a {@link ProviderDescriptor}, enforcing every rule a
 * descriptor must follow. Throws {@link IllegalArgumentException} whose message is the broken rule.
 */
final class DescriptorParser {
    private static final Set<String> KNOWN_FIELDS = Set.of("provider_slug", "display_name", "description",
            "category", "auth_type", "execution_strategy", "docs_url", "default_scopes", "oauth2",
            "config_schema", "verify", "api", "connection_schema");
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
            oauth2 = OAuthBlockParser.parse(required(node, "oauth2"), schema, builtIn);
            requireOAuthClient(schema);
        } else if (node.has("oauth2")) {
            throw new IllegalArgumentException("oauth2 is only allowed when auth_type is oauth2");
        }
        ConfigSchema connectionSchema = connectionSchema(node.get("connection_schema"), authType, builtIn);
        ApiSpec api = node.hasNonNull("api")
                ? ApiBlockParser.parse(node.get("api"), authType, schema, connectionSchema, oauth2, builtIn) : null;
        VerifySpec verify = VerifySpecParser.parse(node.get("verify"), authType, schema);
        return new ProviderDescriptor(slug, ProviderIds.forSlug(slug), text(node, "display_name"),
                optionalText(node, "description"), category, authType, strategy, docsUrl,
                scopes(node.get("default_scopes")), oauth2, schema, verify, api, connectionSchema);
    }

    /** One account's own credential (api_key and basic only), or null: the connection uses the setup's. */
    private ConfigSchema connectionSchema(JsonNode node, AuthType authType, boolean builtIn) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (authType != AuthType.API_KEY && authType != AuthType.BASIC) {
            throw new IllegalArgumentException("connection_schema is only allowed when auth_type is api_key or basic");
        }
        ConfigSchema compiled;
        try {
            compiled = schemas.compile(node, builtIn);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("connection_schema: " + e.getMessage());
        }
        if (compiled.secretFields().isEmpty()) {
            throw new IllegalArgumentException("connection_schema must mark the account's secret writeOnly: true");
        }
        return compiled;
    }

    private static void requireOAuthClient(ConfigSchema schema) {
        if (!schema.isRequired("client_id") || !schema.isRequired("client_secret")) {
            throw new IllegalArgumentException("an oauth2 config_schema must require client_id and client_secret");
        }
        if (!schema.secretFields().contains("client_secret")) {
            throw new IllegalArgumentException("client_secret must be writeOnly: true");
        }
    }

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

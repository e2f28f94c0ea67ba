package dev.patchbay.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a descriptor's {@code config_schema} against the JSON Schema 2020-12 meta-schema and
 * Patchbay's own rules, then compiles it. One instance is shared by a whole catalog load.
 */
final class SchemaCompiler {
    private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

    /** Made on first need: creating it costs about 0.4 s of class loading, which built-ins defer. */
    private JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .formatAssertionsEnabled(true)
            .build();
    private JsonSchema metaSchema;

    /**
     * The compiled schema; throws {@link IllegalArgumentException} naming the broken rule.
     * {@code builtIn} schemas ship in the jar and the build checks each against the meta-schema and
     * compiles it (BuiltInCatalogTest), so here they skip the meta-schema and compile on first use:
     * together that is most of start-up. Operator descriptors get every check, eagerly.
     */
    ConfigSchema compile(JsonNode node, boolean builtIn) {
        if (!(node instanceof ObjectNode schema)) {
            throw new IllegalArgumentException("config_schema must be a mapping");
        }
        checkPatterns(schema, ""); // before the meta-schema, whose message for a bad regex is unclear
        Set<ValidationMessage> problems = builtIn ? Set.of() : metaSchema().validate(schema);
        if (!problems.isEmpty()) {
            ValidationMessage first = problems.stream()
                    .min(java.util.Comparator.comparing(ValidationMessage::toString)).orElseThrow();
            throw new IllegalArgumentException("config_schema is not valid JSON Schema 2020-12: at '"
                    + first.getInstanceLocation() + "': " + first.getMessage());
        }
        if (!"object".equals(schema.path("type").asText())) {
            throw new IllegalArgumentException("config_schema must have type: object");
        }
        if (!schema.path("additionalProperties").isBoolean() || schema.get("additionalProperties").asBoolean()) {
            // An unknown field would be stored without encryption, whatever it holds.
            throw new IllegalArgumentException("config_schema must have additionalProperties: false");
        }
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            JsonNode definition = property.getValue();
            if (definition.path("writeOnly").asBoolean(false) && !"string".equals(definition.path("type").asText())) {
                throw new IllegalArgumentException("property '" + property.getKey() + "': a writeOnly property must have type: string");
            }
            if (hasNestedWriteOnly(definition, true)) {
                throw new IllegalArgumentException("property '" + property.getKey()
                        + "': writeOnly is supported on top-level properties only");
            }
        }
        if (builtIn) {
            return new ConfigSchema(schema, () -> compileNow(schema));
        }
        JsonSchema compiled = compileNow(schema);
        return new ConfigSchema(schema, () -> compiled);
    }

    private JsonSchema compileNow(ObjectNode schema) {
        try {
            JsonSchema compiled = factory().getSchema(schema, config);
            compiled.initializeValidators();
            return compiled;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("config_schema cannot be compiled: " + e.getMessage());
        }
    }

    private synchronized JsonSchemaFactory factory() {
        if (factory == null) {
            // x-pattern-message is Patchbay's: an annotation to the validator, so it is not warned about.
            JsonMetaSchema withPatternMessages = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                    .keyword(new AnnotationKeyword(ValidationMessages.PATTERN_MESSAGE))
                    .build();
            factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                    builder -> builder.metaSchema(withPatternMessages));
        }
        return factory;
    }

    private synchronized JsonSchema metaSchema() {
        if (metaSchema == null) {
            metaSchema = factory().getSchema(SchemaLocation.of(META_SCHEMA), config);
        }
        return metaSchema;
    }

    private static boolean hasNestedWriteOnly(JsonNode schema, boolean topLevel) {
        if (!topLevel && schema.has("writeOnly")) {
            return true;
        }
        for (JsonNode child : schema) {
            if (child.isContainerNode() && hasNestedWriteOnly(child, false)) {
                return true;
            }
        }
        return false;
    }

    private static void checkPatterns(JsonNode schema, String pointer) {
        JsonNode pattern = schema.get("pattern");
        if (pattern != null && pattern.isTextual()) {
            try {
                Pattern.compile(pattern.asText());
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("config_schema at '" + pointer
                        + "/pattern': not a valid regular expression");
            }
        }
        JsonNode patternMessage = schema.get(ValidationMessages.PATTERN_MESSAGE);
        boolean misplaced = patternMessage != null && patternMessage.isTextual()
                && (patternMessage.asText().isBlank() || pattern == null);
        // A property named x-pattern-message, under "properties", is an object: no message, no error.
        boolean notText = patternMessage != null && !patternMessage.isTextual() && pattern != null;
        if (misplaced || notText) {
            throw new IllegalArgumentException("config_schema at '" + pointer + "/" + ValidationMessages.PATTERN_MESSAGE
                    + "': must be a sentence (a non-empty string) beside a pattern");
        }
        if (schema.isObject()) {
            schema.properties().forEach(child -> checkPatterns(child.getValue(), pointer + "/" + child.getKey()));
        } else if (schema.isArray()) {
            for (int i = 0; i < schema.size(); i++) {
                checkPatterns(schema.get(i), pointer + "/" + i);
            }
        }
    }
}

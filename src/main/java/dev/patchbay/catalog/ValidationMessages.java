package dev.patchbay.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;

/**
 * Turns a schema validator message into Patchbay's wording. Every message is built from the schema
 * (the rule), never from the instance, so no submitted value, secret or not, can be quoted back; and
 * never shows a regular expression: a {@code pattern} is explained by its property's
 * {@value #PATTERN_MESSAGE}, or by a generic sentence.
 */
final class ValidationMessages {
    private ValidationMessages() {
    }

    /** The property keyword that says in plain words what a {@code pattern} asks for. */
    static final String PATTERN_MESSAGE = "x-pattern-message";
    static final String NOT_IN_THE_EXPECTED_FORMAT = "is not in the expected format";

    /** {@code schema}: the whole schema {@code message} came from, where a pattern's message is found. */
    static String describe(ValidationMessage message, JsonNode schema) {
        JsonNode rule = message.getSchemaNode();
        return switch (message.getType()) {
            case "required" -> "is required";
            case "additionalProperties", "unevaluatedProperties" -> "is not a known field";
            case "type" -> "must be of type " + typeName(rule);
            case "minLength" -> rule.asInt() == 1 ? "must not be empty"
                    : "must be at least " + count(rule.asInt(), "character") + " long";
            case "maxLength" -> "must be at most " + count(rule.asInt(), "character") + " long";
            case "pattern" -> patternMessage(message, schema);
            case "format" -> "must be a valid " + rule.asText();
            case "enum" -> "must be one of " + rule;
            case "const" -> "must be " + rule;
            case "minimum" -> "must be at least " + rule.asText();
            case "maximum" -> "must be at most " + rule.asText();
            case "exclusiveMinimum" -> "must be greater than " + rule.asText();
            case "exclusiveMaximum" -> "must be less than " + rule.asText();
            case "minItems" -> "must have at least " + count(rule.asInt(), "item");
            case "maxItems" -> "must have at most " + count(rule.asInt(), "item");
            case "uniqueItems" -> "must not repeat an item";
            case "minProperties" -> "must have at least " + count(rule.asInt(), "property", "properties");
            case "maxProperties" -> "must have at most " + count(rule.asInt(), "property", "properties");
            case "multipleOf" -> "must be a multiple of " + rule.asText();
            default -> "does not satisfy the schema keyword '" + message.getType() + "'";
        };
    }

    /**
     * The {@value #PATTERN_MESSAGE} beside the failed {@code pattern}, found through the keyword's
     * location in {@code schema}; the generic sentence when there is none.
     */
    private static String patternMessage(ValidationMessage message, JsonNode schema) {
        String keyword = message.getSchemaLocation().getFragment().toString();
        if (keyword.endsWith("/pattern")) {
            JsonNode text = schema.at(keyword.substring(0, keyword.length() - "/pattern".length())).get(PATTERN_MESSAGE);
            if (text != null && text.isTextual() && !text.asText().isBlank()) {
                return text.asText();
            }
        }
        return NOT_IN_THE_EXPECTED_FORMAT;
    }

    private static String count(int n, String noun) {
        return count(n, noun, noun + "s");
    }

    private static String count(int n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }

    private static String typeName(JsonNode rule) {
        if (rule.isArray()) {
            StringBuilder names = new StringBuilder();
            rule.forEach(t -> names.append(names.length() == 0 ? "" : " or ").append(t.asText()));
            return names.toString();
        }
        return rule.asText();
    }
}

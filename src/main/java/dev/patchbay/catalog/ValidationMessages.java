package dev.patchbay.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;

/**
 * Turns a schema validator message into Patchbay's wording. Every message is built from the schema
 * (the rule), never from the instance, so no submitted value, secret or not, can be quoted back.
 */
final class ValidationMessages {
    private ValidationMessages() {
    }

    static String describe(ValidationMessage message) {
        JsonNode rule = message.getSchemaNode();
        return switch (message.getType()) {
            case "required" -> "is required";
            case "additionalProperties", "unevaluatedProperties" -> "is not a known field";
            case "type" -> "must be of type " + typeName(rule);
            case "minLength" -> "must be at least " + rule.asInt() + " characters long";
            case "maxLength" -> "must be at most " + rule.asInt() + " characters long";
            case "pattern" -> "must match the pattern " + rule.asText();
            case "format" -> "must be a valid " + rule.asText();
            case "enum" -> "must be one of " + rule;
            case "const" -> "must be " + rule;
            case "minimum" -> "must be at least " + rule.asText();
            case "maximum" -> "must be at most " + rule.asText();
            case "exclusiveMinimum" -> "must be greater than " + rule.asText();
            case "exclusiveMaximum" -> "must be less than " + rule.asText();
            case "minItems" -> "must have at least " + rule.asInt() + " items";
            case "maxItems" -> "must have at most " + rule.asInt() + " items";
            case "uniqueItems" -> "must not repeat an item";
            case "minProperties" -> "must have at least " + rule.asInt() + " properties";
            case "maxProperties" -> "must have at most " + rule.asInt() + " properties";
            case "multipleOf" -> "must be a multiple of " + rule.asText();
            default -> "does not satisfy the schema keyword '" + message.getType() + "'";
        };
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

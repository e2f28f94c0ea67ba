package dev.patchbay.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchbay.catalog.ConfigSchema;
import dev.patchbay.catalog.FieldError;
import dev.patchbay.crypto.Secret;
import dev.patchbay.verify.SetupConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A configuration about to be stored, in plaintext: masks resolved to the stored secrets, validated
 * in full against the provider's schema. Lives only for the duration of one request.
 */
final class ConfigCandidate {
    private final ObjectNode config;

    private ConfigCandidate(ObjectNode config) {
        this.config = config;
    }

    /**
     * Resolves masks in {@code submitted} against {@code stored} secrets and validates the result;
     * throws {@link InvalidSetupException} listing every problem.
     */
    static ConfigCandidate resolve(JsonNode submitted, ConfigSchema schema, Map<String, Secret> stored) {
        if (!(submitted instanceof ObjectNode object)) {
            throw new InvalidSetupException(List.of(new FieldError("", "must be a JSON object")));
        }
        ObjectNode config = object.deepCopy();
        List<FieldError> errors = new ArrayList<>();
        Set<String> unresolved = new TreeSet<>();
        for (String field : schema.secretFields()) {
            JsonNode value = config.get(field);
            if (value != null && value.isTextual() && Secret.MASK.equals(value.asText())) {
                Secret kept = stored.get(field);
                if (kept == null) {
                    unresolved.add("/" + field);
                    errors.add(new FieldError("/" + field, "is the mask, but no stored value exists to keep"));
                } else {
                    config.put(field, kept.revealPlaintext());
                }
            }
        }
        // The mask's own text would fail e.g. a pattern; its one error above says what is wrong.
        schema.validate(config).stream().filter(e -> !unresolved.contains(e.pointer())).forEach(errors::add);
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldError::pointer).thenComparing(FieldError::message));
            throw new InvalidSetupException(errors);
        }
        return new ConfigCandidate(config);
    }

    /** The stored configuration in plaintext: non-secret fields plus opened secrets. */
    static ObjectNode plaintext(ObjectNode nonSecret, Map<String, Secret> secrets) {
        ObjectNode config = nonSecret.deepCopy();
        secrets.forEach((field, secret) -> config.put(field, secret.revealPlaintext()));
        return config;
    }

    static ObjectNode empty() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Non-secret fields, stored as they are. */
    ObjectNode nonSecretFields(ConfigSchema schema) {
        ObjectNode plain = JsonNodeFactory.instance.objectNode();
        config.properties().forEach(f -> {
            if (!schema.secretFields().contains(f.getKey())) {
                plain.set(f.getKey(), f.getValue());
            }
        });
        return plain;
    }

    /** Secret fields, to be sealed. */
    Map<String, Secret> secretFields(ConfigSchema schema) {
        Map<String, Secret> secrets = new java.util.TreeMap<>();
        config.properties().forEach(f -> {
            if (schema.secretFields().contains(f.getKey())) {
                secrets.put(f.getKey(), Secret.of(f.getValue().asText()));
            }
        });
        return secrets;
    }

    /** The configuration as verification takes it: non-secret values and secrets apart. */
    SetupConfig forVerification(ConfigSchema schema) {
        return new SetupConfig(nonSecretFields(schema), secretFields(schema));
    }

    /** Names of the fields whose value differs from {@code previous} (both plaintext), sorted. */
    List<String> changedFrom(ObjectNode previous) {
        TreeSet<String> names = new TreeSet<>();
        config.fieldNames().forEachRemaining(names::add);
        previous.fieldNames().forEachRemaining(names::add);
        return names.stream().filter(name -> !java.util.Objects.equals(config.get(name), previous.get(name))).toList();
    }
}

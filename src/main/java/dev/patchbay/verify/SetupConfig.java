package dev.patchbay.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchbay.crypto.Secret;

import java.util.Map;
import java.util.Objects;

/**
 * A configuration to verify: its non-secret {@code values} and its {@code secrets}, which stay
 * {@link Secret}s until the moment they are sent to the provider. Callers must not modify
 * {@code values} after construction.
 */
public record SetupConfig(ObjectNode values, Map<String, Secret> secrets) {
    public SetupConfig {
        Objects.requireNonNull(values, "values");
        secrets = Map.copyOf(secrets);
    }

    /** The non-secret value of {@code field} when it is a string or number, else null. */
    public String value(String field) {
        JsonNode value = values.get(field);
        return value != null && value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}

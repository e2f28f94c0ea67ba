package dev.patchbay.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.catalog.FieldError;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The body of {@code POST /v1/connect-sessions}, checked for shape: which provider, for whom, and
 * where the browser goes afterwards. Immutable. {@code scopes}, {@code connectionId},
 * {@code returnUrl} and {@code origin} are null when not given; {@code returnUrl} and {@code origin}
 * are checked against the allowed origins later, by {@link ConnectFlow}.
 */
record SessionRequest(String providerSlug, String owner, Map<String, String> tags, List<String> scopes,
                      UUID connectionId, String returnUrl, String origin) {
    static final int MAX_OWNER = 256;
    static final int MAX_TAGS = 10;
    static final int MAX_TAG_KEY = 64;
    static final int MAX_TAG_VALUE = 256;
    static final int MAX_SCOPES = 100;
    static final int MAX_SCOPE = 256;
    static final int MAX_URL = 2048;
    private static final Set<String> FIELDS = Set.of("provider_slug", "owner", "tags", "scopes", "connection_id",
            "return_url", "origin");

    /** The request in {@code body}, or {@link InvalidConnectSessionException} listing every problem; messages never quote a value. */
    static SessionRequest parse(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        if (!body.isObject()) {
            throw new InvalidConnectSessionException(List.of(new FieldError("", "must be a JSON object")));
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError("/" + escape(name), "is not a field of a connect session"));
            }
        }
        String slug = requiredText(body, "provider_slug", 63, errors);
        String owner = requiredText(body, "owner", MAX_OWNER, errors);
        Map<String, String> tags = tags(body.get("tags"), errors);
        List<String> scopes = scopes(body.get("scopes"), errors);
        UUID connectionId = connectionId(body.get("connection_id"), errors);
        String returnUrl = optionalText(body, "return_url", MAX_URL, errors);
        String origin = optionalText(body, "origin", MAX_URL, errors);
        if (!errors.isEmpty()) {
            throw new InvalidConnectSessionException(errors);
        }
        return new SessionRequest(slug, owner, tags, scopes, connectionId, returnUrl, origin);
    }

    private static String requiredText(JsonNode body, String field, int max, List<FieldError> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            errors.add(new FieldError("/" + field, "is required"));
            return null;
        }
        return text(value, "/" + field, max, errors);
    }

    private static String optionalText(JsonNode body, String field, int max, List<FieldError> errors) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : text(value, "/" + field, max, errors);
    }

    private static String text(JsonNode value, String pointer, int max, List<FieldError> errors) {
        if (!value.isTextual()) {
            errors.add(new FieldError(pointer, "must be a string"));
            return null;
        }
        int length = value.textValue().codePointCount(0, value.textValue().length());
        if (length < 1 || length > max) {
            errors.add(new FieldError(pointer, "must be 1 to " + max + " characters long"));
            return null;
        }
        return value.textValue();
    }

    private static Map<String, String> tags(JsonNode value, List<FieldError> errors) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return tags;
        }
        if (!value.isObject()) {
            errors.add(new FieldError("/tags", "must be an object of strings"));
            return tags;
        }
        if (value.size() > MAX_TAGS) {
            errors.add(new FieldError("/tags", "must have at most " + MAX_TAGS + " tags"));
        }
        value.fields().forEachRemaining(tag -> {
            String pointer = "/tags/" + escape(tag.getKey());
            int keyLength = tag.getKey().codePointCount(0, tag.getKey().length());
            if (keyLength < 1 || keyLength > MAX_TAG_KEY) {
                errors.add(new FieldError(pointer, "a tag's key must be 1 to " + MAX_TAG_KEY + " characters long"));
            }
            String text = text(tag.getValue(), pointer, MAX_TAG_VALUE, errors);
            if (text != null) {
                tags.put(tag.getKey(), text);
            }
        });
        return tags;
    }

    private static List<String> scopes(JsonNode value, List<FieldError> errors) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            errors.add(new FieldError("/scopes", "must be an array of strings"));
            return null;
        }
        if (value.size() > MAX_SCOPES) {
            errors.add(new FieldError("/scopes", "must have at most " + MAX_SCOPES + " scopes"));
        }
        List<String> scopes = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            String scope = text(value.get(i), "/scopes/" + i, MAX_SCOPE, errors);
            if (scope != null && scope.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\\' || c == 0x7f)) {
                // RFC 6749 §3.3: a scope token is printable ASCII without spaces, quotes or backslashes.
                errors.add(new FieldError("/scopes/" + i, "must be a scope token without spaces, quotes or backslashes"));
            } else if (scope != null && !scopes.contains(scope)) {
                scopes.add(scope);
            }
        }
        return scopes;
    }

    private static UUID connectionId(JsonNode value, List<FieldError> errors) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual() && value.textValue().length() == 36) {
            try {
                UUID id = UUID.fromString(value.textValue());
                if (id.toString().equals(value.textValue().toLowerCase(java.util.Locale.ROOT))) {
                    return id;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        errors.add(new FieldError("/connection_id", "must be the id (a UUID) of a connection"));
        return null;
    }

    /** A name as a JSON pointer token (RFC 6901). */
    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}

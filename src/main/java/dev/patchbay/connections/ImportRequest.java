package dev.patchbay.connections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.catalog.FieldError;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /v1/connections}, checked field by field: {@code provider_slug}, {@code owner},
 * {@code tags} and {@code credential} (checked against the provider later, see {@link #oauth2Credential}).
 * Messages never quote a submitted value.
 */
record ImportRequest(String providerSlug, String owner, Map<String, String> tags, JsonNode credential) {
    static final int MAX_TAGS = 10;
    private static final Set<String> FIELDS = Set.of("provider_slug", "owner", "tags", "credential");
    private static final Set<String> OAUTH2_FIELDS = Set.of("access_token", "refresh_token", "expires_in",
            "expires_at", "scopes");
    private static final int MAX_TOKEN_LENGTH = 16_384;

    /** The request in {@code body}; its problems are added to {@code errors} (then the fields are null). */
    static ImportRequest parse(JsonNode body, List<FieldError> errors) {
        if (!body.isObject()) {
            throw new InvalidConnectionException(List.of(new FieldError("", "the body must be a JSON object")));
        }
        unknownFields(body, FIELDS, "", errors);
        String slug = text(body, "provider_slug", 1, 63, "/provider_slug", errors);
        String owner = text(body, "owner", 1, 256, "/owner", errors);
        Map<String, String> tags = tags(body.get("tags"), errors);
        JsonNode credential = body.get("credential");
        if (credential != null && !credential.isObject()) {
            errors.add(new FieldError("/credential", "must be an object"));
            credential = null;
        }
        return new ImportRequest(slug, owner, tags, credential);
    }

    /** An oauth2 credential: {access_token, refresh_token?, expires_in? | expires_at?, scopes?}. */
    record OAuth2Credential(String accessToken, String refreshToken, Long expiresIn, Instant expiresAt,
                            List<String> scopes) {
    }

    /** The oauth2 credential; its problems are added to {@code errors} (then it is null). */
    OAuth2Credential oauth2Credential(List<FieldError> errors) {
        int before = errors.size();
        if (credential == null) {
            errors.add(new FieldError("/credential",
                    "is required: {access_token, refresh_token?, expires_in? or expires_at?, scopes?}"));
            return null;
        }
        unknownFields(credential, OAUTH2_FIELDS, "/credential", errors);
        String access = text(credential, "access_token", 1, MAX_TOKEN_LENGTH, "/credential/access_token", errors);
        String refresh = credential.has("refresh_token")
                ? text(credential, "refresh_token", 1, MAX_TOKEN_LENGTH, "/credential/refresh_token", errors) : null;
        Long expiresIn = null;
        Instant expiresAt = null;
        if (credential.has("expires_in") && credential.has("expires_at")) {
            errors.add(new FieldError("/credential/expires_at", "give expires_in or expires_at, not both"));
        } else if (credential.has("expires_in")) {
            JsonNode value = credential.get("expires_in");
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 1
                    || value.asLong() > 10L * 366 * 24 * 3600) {
                errors.add(new FieldError("/credential/expires_in", "must be a whole number of seconds, 1 or more"));
            } else {
                expiresIn = value.asLong();
            }
        } else if (credential.has("expires_at")) {
            JsonNode value = credential.get("expires_at");
            try {
                expiresAt = value.isTextual() ? Instant.parse(value.asText()) : null;
            } catch (DateTimeParseException e) {
                expiresAt = null;
            }
            if (expiresAt == null) {
                errors.add(new FieldError("/credential/expires_at", "must be a date-time such as 2026-12-06T11:00:00Z"));
            }
        }
        List<String> scopes = new ArrayList<>();
        JsonNode list = credential.get("scopes");
        if (list != null) {
            if (!list.isArray() || list.size() > 100) {
                errors.add(new FieldError("/credential/scopes", "must be a list of at most 100 scope names"));
            } else {
                for (int i = 0; i < list.size(); i++) {
                    JsonNode scope = list.get(i);
                    if (!scope.isTextual() || scope.asText().isEmpty() || scope.asText().length() > 256) {
                        errors.add(new FieldError("/credential/scopes/" + i, "must be a scope name of 1-256 characters"));
                    } else {
                        scopes.add(scope.asText());
                    }
                }
            }
        }
        return errors.size() > before ? null : new OAuth2Credential(access, refresh, expiresIn, expiresAt, scopes);
    }

    private static Map<String, String> tags(JsonNode node, List<FieldError> errors) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return tags;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("/tags", "must be an object of string pairs"));
            return tags;
        }
        if (node.size() > MAX_TAGS) {
            errors.add(new FieldError("/tags", "must hold at most " + MAX_TAGS + " pairs"));
            return tags;
        }
        for (Map.Entry<String, JsonNode> tag : node.properties()) {
            String key = tag.getKey();
            String pointer = "/tags/" + key.replace("~", "~0").replace("/", "~1");
            if (key.isEmpty() || key.length() > 64 || key.indexOf(':') >= 0) {
                errors.add(new FieldError(pointer, "a tag key must be 1-64 characters without ':'"));
            } else if (!tag.getValue().isTextual() || tag.getValue().asText().isEmpty()
                    || tag.getValue().asText().length() > 256) {
                errors.add(new FieldError(pointer, "a tag value must be a string of 1-256 characters"));
            } else {
                tags.put(key, tag.getValue().asText());
            }
        }
        return tags;
    }

    private static void unknownFields(JsonNode node, Set<String> known, String at, List<FieldError> errors) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                errors.add(new FieldError(at + "/" + name.replace("~", "~0").replace("/", "~1"), "unknown field"));
            }
        }
    }

    private static String text(JsonNode node, String field, int min, int max, String pointer, List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            errors.add(new FieldError(pointer, "is required"));
            return null;
        }
        if (!value.isTextual() || value.asText().length() < min || value.asText().length() > max) {
            errors.add(new FieldError(pointer, "must be a string of " + min + "-" + max + " characters"));
            return null;
        }
        return value.asText();
    }
}

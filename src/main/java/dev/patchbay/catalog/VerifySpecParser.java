package dev.patchbay.catalog;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a descriptor's {@code verify} block into a {@link VerifySpec}, enforcing its rules. Throws
 * {@link IllegalArgumentException} whose message is the broken rule.
 */
final class VerifySpecParser {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");
    private static final Set<String> TOKEN_EXCHANGE_KEYS = Set.of("response_format",
            "error_field", "accepted_errors", "rejected_errors", "not_supported");
    private static final Set<String> PROBE_KEYS = Set.of("method", "url", "headers", "basic_auth",
            "accepted_statuses", "rejected_statuses", "not_supported");
    /** A check must not change anything at the provider. */
    private static final Set<String> METHODS = Set.of("GET", "HEAD");
    private static final Pattern HEADER_NAME = Pattern.compile("^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$");
    /** Headers the JDK HTTP client sets itself and refuses to take from callers. */
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");
    private static final Pattern ERROR_CODE = Pattern.compile("^[A-Za-z0-9_.:-]{1,64}$");
    private static final Set<Integer> DEFAULT_REJECTED = Set.of(401, 403);

    private VerifySpecParser() {
    }

    /** The spec of {@code node} (null when the descriptor has no verify block). */
    static VerifySpec parse(JsonNode node, AuthType authType, ConfigSchema schema) {
        if (node != null && !node.isNull() && !node.isObject()) {
            throw new IllegalArgumentException("verify must be a mapping");
        }
        boolean absent = node == null || node.isNull();
        switch (authType) {
            case NONE -> {
                if (!absent) {
                    throw new IllegalArgumentException("verify is not allowed when auth_type is none: there is nothing to check");
                }
                return new VerifySpec.Unsupported("The provider needs no credentials, so there is nothing to verify.");
            }
            case OAUTH2 -> {
                return absent ? VerifySpec.TokenExchange.RFC_6749 : tokenExchange(node);
            }
            default -> {
                return absent ? new VerifySpec.Unsupported("The provider's descriptor names no check request.")
                        : probe(node, schema);
            }
        }
    }

    private static VerifySpec tokenExchange(JsonNode node) {
        for (String moved : List.of("client_auth", "request_format")) {
            if (node.has(moved)) {
                throw new IllegalArgumentException("verify." + moved + " has moved to oauth2." + moved
                        + ", shared by verification, the code exchange and the refresh");
            }
        }
        onlyKeys(node, TOKEN_EXCHANGE_KEYS);
        if (node.has("not_supported")) {
            return unsupported(node);
        }
        VerifySpec.TokenExchange rfc = VerifySpec.TokenExchange.RFC_6749;
        BodyFormat response = choice(node, "response_format", BodyFormat.class, rfc.responseFormat());
        String errorField = node.has("error_field") ? text(node, "error_field") : rfc.errorField();
        if (!errorField.startsWith("/") || errorField.length() < 2) {
            throw new IllegalArgumentException("verify.error_field must be a JSON pointer such as /error");
        }
        if (response == BodyFormat.FORM && errorField.indexOf('/', 1) >= 0) {
            throw new IllegalArgumentException("verify.error_field of a form response must name one field, such as /error");
        }
        Set<String> accepted = node.has("accepted_errors") ? errorCodes(node, "accepted_errors") : rfc.acceptedErrors();
        Set<String> rejected = node.has("rejected_errors") ? errorCodes(node, "rejected_errors") : rfc.rejectedErrors();
        if (accepted.stream().anyMatch(rejected::contains)) {
            throw new IllegalArgumentException("verify.accepted_errors and verify.rejected_errors must not overlap");
        }
        return new VerifySpec.TokenExchange(response, errorField, accepted, rejected);
    }

    private static VerifySpec probe(JsonNode node, ConfigSchema schema) {
        onlyKeys(node, PROBE_KEYS);
        if (node.has("not_supported")) {
            return unsupported(node);
        }
        String method = node.has("method") ? text(node, "method") : "GET";
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("verify.method must be GET or HEAD: a check must not change anything");
        }
        List<String> urls = urls(node.get("url"));
        Set<String> used = new TreeSet<>();
        for (String url : urls) {
            if (!url.startsWith("https://") && !url.startsWith("{")) {
                throw new IllegalArgumentException("verify.url must start with https:// or a {property} placeholder");
            }
            used.addAll(placeholders(url, schema, "verify.url"));
        }
        Map<String, String> headers = headers(node.get("headers"), schema, used);
        VerifySpec.BasicAuth basic = basicAuth(node.get("basic_auth"), schema, used);
        if (used.stream().noneMatch(schema.secretFields()::contains)) {
            throw new IllegalArgumentException("verify must send a secret (a writeOnly property) in url, headers or basic_auth");
        }
        Set<Integer> accepted = statuses(node, "accepted_statuses");
        if (accepted.isEmpty()) {
            throw new IllegalArgumentException("verify.accepted_statuses is required");
        }
        Set<Integer> rejected = node.has("rejected_statuses") ? statuses(node, "rejected_statuses") : DEFAULT_REJECTED;
        if (accepted.stream().anyMatch(rejected::contains)) {
            throw new IllegalArgumentException("verify.accepted_statuses and verify.rejected_statuses must not overlap");
        }
        return new VerifySpec.Probe(method, urls, headers, basic, accepted, rejected);
    }

    private static VerifySpec unsupported(JsonNode node) {
        if (node.size() != 1) {
            throw new IllegalArgumentException("verify.not_supported excludes every other verify field");
        }
        return new VerifySpec.Unsupported(text(node, "not_supported"));
    }

    private static List<String> urls(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException("verify.url is required");
        }
        List<String> urls = new ArrayList<>();
        if (node.isTextual()) {
            urls.add(node.asText());
        } else if (node.isArray() && !node.isEmpty()) {
            node.forEach(url -> {
                if (!url.isTextual()) {
                    throw new IllegalArgumentException("verify.url must be a string or a list of strings");
                }
                urls.add(url.asText());
            });
        } else {
            throw new IllegalArgumentException("verify.url must be a string or a non-empty list of strings");
        }
        return urls;
    }

    private static Map<String, String> headers(JsonNode node, ConfigSchema schema, Set<String> used) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return headers;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("verify.headers must be a mapping of header name to value");
        }
        for (Map.Entry<String, JsonNode> header : node.properties()) {
            String name = header.getKey();
            if (!HEADER_NAME.matcher(name).matches() || RESTRICTED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("verify.headers: '" + name + "' is not a header name a check may set");
            }
            if (!header.getValue().isTextual()) {
                throw new IllegalArgumentException("verify.headers." + name + " must be a string");
            }
            used.addAll(placeholders(header.getValue().asText(), schema, "verify.headers." + name));
            headers.put(name, header.getValue().asText());
        }
        return headers;
    }

    private static VerifySpec.BasicAuth basicAuth(JsonNode node, ConfigSchema schema, Set<String> used) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject() || node.size() != 2 || !node.has("username") || !node.has("password")) {
            throw new IllegalArgumentException("verify.basic_auth must have exactly username and password");
        }
        String username = text(node, "username");
        String password = text(node, "password");
        used.addAll(placeholders(username, schema, "verify.basic_auth.username"));
        used.addAll(placeholders(password, schema, "verify.basic_auth.password"));
        return new VerifySpec.BasicAuth(username, password);
    }

    private static Set<String> placeholders(String template, ConfigSchema schema, String where) {
        Set<String> names = new LinkedHashSet<>();
        Matcher placeholder = PLACEHOLDER.matcher(template);
        while (placeholder.find()) {
            if (!schema.json().path("properties").has(placeholder.group(1))) {
                throw new IllegalArgumentException(where + " placeholder {" + placeholder.group(1)
                        + "} names no config_schema property");
            }
            names.add(placeholder.group(1));
        }
        return names;
    }

    private static Set<String> errorCodes(JsonNode node, String field) {
        JsonNode list = node.get(field);
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("verify." + field + " must be a non-empty list of error codes");
        }
        Set<String> codes = new LinkedHashSet<>();
        for (JsonNode code : list) {
            if (!code.isTextual() || !ERROR_CODE.matcher(code.asText()).matches()) {
                throw new IllegalArgumentException("verify." + field + " must hold error codes of letters, digits and _.:-");
            }
            codes.add(code.asText());
        }
        return codes;
    }

    private static Set<Integer> statuses(JsonNode node, String field) {
        JsonNode list = node.get(field);
        if (list == null || list.isNull()) {
            return Set.of();
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException("verify." + field + " must be a list of HTTP status codes");
        }
        Set<Integer> statuses = new LinkedHashSet<>();
        for (JsonNode status : list) {
            if (!status.canConvertToInt() || !status.isIntegralNumber() || status.asInt() < 100 || status.asInt() > 599) {
                throw new IllegalArgumentException("verify." + field + " must hold HTTP status codes (100-599)");
            }
            statuses.add(status.asInt());
        }
        return statuses;
    }

    static <E extends Enum<E>> E choice(JsonNode node, String field, Class<E> type, E fallback) {
        return choice(node, field, type, fallback, "verify.");
    }

    /** The constant of {@code type} named (in lower case) by {@code node.field}; {@code fallback} when absent. */
    static <E extends Enum<E>> E choice(JsonNode node, String field, Class<E> type, E fallback, String prefix) {
        if (!node.has(field)) {
            return fallback;
        }
        JsonNode raw = node.get(field);
        if (raw == null || !raw.isTextual() || raw.asText().isBlank()) {
            throw new IllegalArgumentException(prefix + field + " must be a non-empty string");
        }
        String value = raw.asText();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(java.util.Locale.ROOT).equals(value)) {
                return constant;
            }
        }
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name().toLowerCase(java.util.Locale.ROOT));
        }
        throw new IllegalArgumentException(prefix + field + " must be one of " + String.join(", ", names));
    }

    private static void onlyKeys(JsonNode node, Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown field 'verify." + name + "' for this auth_type");
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("verify." + field + " must be a non-empty string");
        }
        return value.asText();
    }
}

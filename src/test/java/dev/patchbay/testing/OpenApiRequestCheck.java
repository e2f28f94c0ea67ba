package dev.patchbay.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.testing.OpenApiContract.Exchange;
import dev.patchbay.testing.OpenApiDocument.Node;
import dev.patchbay.testing.OpenApiDocument.PathMatch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.patchbay.testing.OpenApiContract.isJson;
import static dev.patchbay.testing.OpenApiContract.mediaType;
import static dev.patchbay.testing.OpenApiContract.parse;

/**
 * What makes a request invalid by the OpenAPI document: credentials its security does not find,
 * parameters that are missing, repeated, unknown or outside their schemas, and a body of another
 * media type or schema. The server must refuse such a request with a 4xx.
 */
record OpenApiRequestCheck(OpenApiDocument document, PathMatch path, Node operation, Exchange exchange) {
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!authenticated()) {
            problems.add("it carries none of the credentials the operation's security requires");
        }
        Set<String> knownQuery = new HashSet<>();
        for (Node parameter : parameters()) {
            String in = parameter.value().get("in").asText();
            String name = parameter.value().get("name").asText();
            List<String> values = switch (in) {
                case "query" -> exchange.query().queryParameterValues(name).stream().map(v -> v == null ? "" : v).toList();
                case "header" -> Optional.ofNullable(exchange.requestHeader(name)).map(List::of).orElse(List.of());
                case "path" -> List.of(path.parameters().get(name));
                default -> throw new IllegalStateException("unsupported parameter location " + in);
            };
            if (in.equals("query")) {
                knownQuery.add(name);
            }
            if (values.isEmpty() && parameter.value().path("required").asBoolean(false)) {
                problems.add(in + " parameter " + name + " is missing");
            }
            Node schema = parameter.get("schema");
            // An exploded array (style form) is the parameter repeated: each value is one item.
            boolean repeatable = in.equals("query") && schema.value().path("type").asText().equals("array");
            if (repeatable) {
                int max = schema.value().path("maxItems").asInt(Integer.MAX_VALUE);
                if (values.size() > max) {
                    problems.add(in + " parameter " + name + " is given " + values.size() + " times, over " + max);
                }
                schema = schema.get("items");
            } else if (values.size() > 1) {
                problems.add(in + " parameter " + name + " is given " + values.size() + " times");
            }
            for (String value : values) {
                document.validate(schema, document.typed(schema, value))
                        .forEach(error -> problems.add(in + " parameter " + name + ": " + error));
            }
        }
        boolean passthrough = operation.value().path(OpenApiContract.PASSTHROUGH).asBoolean(false);
        for (String name : exchange.query().queryParameterNames()) {
            if (!knownQuery.contains(name) && !passthrough) {
                problems.add("query parameter " + name + " is not in the document");
            }
        }
        body(problems);
        return problems;
    }

    /** Path-level parameters, then the operation's, which override them by name and location. */
    private List<Node> parameters() {
        Map<String, Node> byKey = new LinkedHashMap<>();
        for (Node list : new Node[] {path.pathItem().get("parameters"), operation.get("parameters")}) {
            for (int i = 0; list != null && i < list.value().size(); i++) {
                Node parameter = document.resolve(list.at(i));
                byKey.put(parameter.value().get("in").asText() + ":" + parameter.value().get("name").asText(), parameter);
            }
        }
        return List.copyOf(byKey.values());
    }

    private boolean authenticated() {
        Node security = operation.get("security");
        JsonNode requirements = security != null ? security.value() : document.root().value().path("security");
        if (requirements.isEmpty()) {
            return true;
        }
        for (JsonNode requirement : requirements) {
            boolean all = true;
            for (String scheme : (Iterable<String>) requirement::fieldNames) {
                all &= presents(scheme);
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private boolean presents(String scheme) {
        JsonNode definition = document.root().value().at("/components/securitySchemes/" + scheme);
        if (definition.path("type").asText().equals("apiKey") && definition.path("in").asText().equals("header")) {
            String value = exchange.requestHeader(definition.path("name").asText());
            return value != null && !value.isBlank();
        }
        if (definition.path("type").asText().equals("http") && definition.path("scheme").asText().equals("bearer")) {
            String value = exchange.requestHeader("Authorization");
            return value != null && value.regionMatches(true, 0, "Bearer ", 0, 7) && value.length() > 7;
        }
        throw new IllegalStateException("unsupported security scheme " + scheme);
    }

    private void body(List<String> problems) {
        Node requestBody = operation.get("requestBody");
        String body = exchange.requestBody();
        if (requestBody == null) {
            if (body != null && !body.isEmpty()) {
                problems.add("the operation takes no body");
            }
            return;
        }
        requestBody = document.resolve(requestBody);
        if (body == null || body.isEmpty()) {
            if (requestBody.value().path("required").asBoolean(false)) {
                problems.add("the body is missing");
            }
            return;
        }
        String contentType = exchange.requestHeader("Content-Type");
        if (requestBody.get("content").get("*/*") != null) {
            return; // any body: forwarded as it is
        }
        Node media = contentType == null ? null : requestBody.get("content").get(mediaType(contentType));
        if (media == null) {
            problems.add("the body's media type " + contentType + " is not one the operation takes");
            return;
        }
        if (isJson(mediaType(contentType))) {
            parse(body).ifPresentOrElse(
                    json -> document.validate(media.get("schema"), json).forEach(e -> problems.add("the body: " + e)),
                    () -> problems.add("the body is not JSON"));
        }
    }
}

package dev.patchbay.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.oas.OpenApi31;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An OpenAPI 3.1 document as the contract check reads it: finds the path item of a request path,
 * follows {@code $ref}s, and validates values against the document's schemas with a JSON Schema
 * 2020-12 validator in OpenAPI 3.1's dialect, format assertions on. Thread-safe.
 */
final class OpenApiDocument {
    private static final String URI = "https://patchbay.dev/openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A node of the document and its JSON pointer. */
    record Node(String pointer, JsonNode value) {
        /** The child {@code field}, or null. */
        Node get(String field) {
            JsonNode child = value.get(field);
            return child == null ? null : new Node(pointer + "/" + field.replace("~", "~0").replace("/", "~1"), child);
        }

        Node at(int index) {
            return new Node(pointer + "/" + index, value.get(index));
        }
    }

    /** The path item a request path matched, with the decoded values of its template's parameters. */
    record PathMatch(String template, Node pathItem, Map<String, String> parameters) {
    }

    private final JsonNode root;
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER).formatAssertionsEnabled(true).build();
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    OpenApiDocument(String text) {
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the OpenAPI document is not JSON", e);
        }
        factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .metaSchema(OpenApi31.getInstance())
                .defaultMetaSchemaIri(OpenApi31.getInstance().getIri())
                .schemaLoaders(loaders -> loaders.schemas(Map.of(URI, text))));
    }

    Node root() {
        return new Node("", root);
    }

    /** The path item whose template matches {@code encodedPath}; the template with fewer parameters wins. */
    Optional<PathMatch> match(String encodedPath) {
        String[] segments = encodedPath.split("/", -1);
        PathMatch best = null;
        for (Map.Entry<String, JsonNode> path : root.get("paths").properties()) {
            String[] template = path.getKey().split("/", -1);
            // A trailing {path} (the proxy's) stands for the whole rest of the path, slashes included.
            boolean rest = path.getKey().endsWith("/{path}");
            if (rest ? segments.length < template.length : template.length != segments.length) {
                continue;
            }
            Map<String, String> parameters = new HashMap<>();
            boolean matches = true;
            for (int i = 0; i < template.length && matches; i++) {
                String segment = URLDecoder.decode(segments[i].replace("+", "%2B"), StandardCharsets.UTF_8);
                if (rest && i == template.length - 1) {
                    parameters.put("path", String.join("/", java.util.Arrays.copyOfRange(segments, i, segments.length)));
                } else if (template[i].startsWith("{") && template[i].endsWith("}")) {
                    parameters.put(template[i].substring(1, template[i].length() - 1), segment);
                } else {
                    matches = template[i].equals(segment);
                }
            }
            PathMatch match = new PathMatch(path.getKey(), root().get("paths").get(path.getKey()), parameters);
            if (matches && (best == null || parameters.size() < best.parameters().size())) {
                best = match;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code node} itself, or the node its {@code $ref} names (references within this document only). */
    Node resolve(Node node) {
        Node current = node;
        for (int hops = 0; current.value().has("$ref"); hops++) {
            String ref = current.value().get("$ref").asText();
            if (!ref.startsWith("#/") || hops > 10) {
                throw new IllegalStateException("unsupported $ref " + ref + " at " + current.pointer());
            }
            String pointer = ref.substring(1);
            current = new Node(pointer, root.at(pointer));
            if (current.value().isMissingNode()) {
                throw new IllegalStateException("$ref " + ref + " names nothing");
            }
        }
        return current;
    }

    /** The problems of {@code value} against the schema at {@code schema}; empty when it is valid. */
    List<String> validate(Node schema, JsonNode value) {
        JsonSchema compiledSchema = compiled.computeIfAbsent(schema.pointer(),
                pointer -> factory.getSchema(SchemaLocation.of(URI + "#" + fragment(pointer)), config));
        return compiledSchema.validate(value).stream()
                .sorted(Comparator.comparing(Object::toString))
                .map(Object::toString)
                .toList();
    }

    /** A JSON pointer as a URI fragment (RFC 6901, section 6). */
    private static String fragment(String pointer) {
        return pointer.replace("%", "%25").replace("{", "%7B").replace("}", "%7D").replace(" ", "%20");
    }

    /**
     * A parameter or header value, which travels as text, as the JSON value its schema describes: a
     * number or boolean when the text is one and the schema wants one, the text otherwise (so that a
     * value of the wrong kind fails the schema).
     */
    JsonNode typed(Node schema, String text) {
        String type = resolve(schema).value().path("type").asText("string");
        if (type.equals("integer") && text.matches("-?\\d{1,18}")) {
            return LongNode.valueOf(Long.parseLong(text));
        }
        if (type.equals("boolean") && (text.equals("true") || text.equals("false"))) {
            return BooleanNode.valueOf(Boolean.parseBoolean(text));
        }
        return TextNode.valueOf(text);
    }
}

package dev.patchbay.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.testing.OpenApiDocument.Node;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract check finds an undocumented field only because the response schemas of
 * {@code openapi.json} are closed: under an open schema a field that API.md does not have passes
 * unnoticed. So every object schema that a response body can reach has
 * {@code "additionalProperties": false}, unless it is listed in {@link #MAPS} with the reason its keys
 * are not the contract's to fix.
 */
class OpenApiClosedSchemasTest {
    /** JSON pointers of the object schemas that are open on purpose, each with why. */
    private static final Map<String, String> MAPS = Map.of(
            "/components/schemas/Setup/properties/config",
            "a provider's configuration: its keys are the properties of that provider's config_schema",
            "/components/schemas/Provider/properties/config_schema",
            "a JSON Schema document, whose keys are JSON Schema's keywords",
            "/paths/~1openapi.json/get/responses/200/content/application~1json/schema",
            "the OpenAPI document itself, which OpenAPI 3.1 describes",
            "/components/schemas/Connection/properties/tags",
            "a connection's tags: string pairs whose keys the application chooses",
            "/components/schemas/CredentialsEnvelope/properties/data/oneOf/1",
            "an api_key or basic credential: its keys are the fields the provider's descriptor names");

    private final OpenApiDocument document = new OpenApiDocument(OpenApiContract.documentText());

    @Test
    void every_object_schema_of_a_response_is_closed_unless_it_is_a_listed_map() {
        Walk walk = walkResponses();

        assertThat(walk.open).as("open object schemas reachable from a response (close them with "
                + "\"additionalProperties\": false, or list them in MAPS with a reason)").isEmpty();
    }

    @Test
    void every_listed_map_is_reached_from_a_response_and_open() {
        Walk walk = walkResponses();

        assertThat(walk.openOnPurpose).as("MAPS entries still in the document, open and reached by a response")
                .containsExactlyInAnyOrderElementsOf(MAPS.keySet());
    }

    @Test
    void the_walk_reaches_the_schemas_of_every_kind_of_answer() {
        Walk walk = walkResponses();

        assertThat(walk.visited).contains("/components/schemas/Provider", "/components/schemas/Setup",
                "/components/schemas/ProviderPage/properties/meta", "/components/schemas/VerificationResult",
                "/components/schemas/AuditEvent", "/components/schemas/Problem", "/components/schemas/Health");
    }

    private Walk walkResponses() {
        Walk walk = new Walk();
        Node paths = document.root().get("paths");
        for (Map.Entry<String, JsonNode> path : paths.value().properties()) {
            Node pathItem = paths.get(path.getKey());
            for (Map.Entry<String, JsonNode> operation : pathItem.value().properties()) {
                Node responses = pathItem.get(operation.getKey()).get("responses");
                if (responses == null) {
                    continue; // a path-level field such as "parameters", not an operation
                }
                for (Map.Entry<String, JsonNode> status : responses.value().properties()) {
                    Node content = document.resolve(responses.get(status.getKey())).get("content");
                    for (Map.Entry<String, JsonNode> media : content == null ? Set.<Map.Entry<String, JsonNode>>of()
                            : content.value().properties()) {
                        Node schema = content.get(media.getKey()).get("schema");
                        if (schema != null) {
                            walk.schema(schema, false);
                        }
                    }
                }
            }
        }
        return walk;
    }

    /** Visits every schema reachable from the ones it is given, noting the open object schemas. */
    private final class Walk {
        final Set<String> visited = new HashSet<>();
        final List<String> open = new ArrayList<>();
        final List<String> openOnPurpose = new ArrayList<>();

        /** {@code narrowing}: a branch of an allOf that only narrows properties of a closed sibling. */
        void schema(Node node, boolean narrowing) {
            Node schema = document.resolve(node);
            if (!schema.value().isObject() || !visited.add(schema.pointer())) {
                return;
            }
            if (isObject(schema.value()) && !narrowing && !isClosed(schema.value())) {
                (MAPS.containsKey(schema.pointer()) ? openOnPurpose : open).add(schema.pointer());
            }
            Node allOf = schema.get("allOf");
            if (allOf != null) {
                allOf(allOf);
            }
            for (String list : List.of("anyOf", "oneOf", "prefixItems")) {
                Node branches = schema.get(list);
                for (int i = 0; branches != null && i < branches.value().size(); i++) {
                    schema(branches.at(i), false);
                }
            }
            for (String single : List.of("items", "additionalProperties", "not")) {
                if (schema.get(single) != null) {
                    schema(schema.get(single), false);
                }
            }
            for (String map : List.of("properties", "patternProperties")) {
                Node children = schema.get(map);
                for (Map.Entry<String, JsonNode> child : children == null ? Set.<Map.Entry<String, JsonNode>>of()
                        : children.value().properties()) {
                    schema(children.get(child.getKey()), false);
                }
            }
        }

        /**
         * An allOf is closed when one branch is a closed object schema and every other branch that
         * names properties only narrows properties that branch has (as the responses narrow Problem's
         * {@code type} and {@code status}).
         */
        private void allOf(Node allOf) {
            Node closed = null;
            for (int i = 0; i < allOf.value().size(); i++) {
                Node branch = document.resolve(allOf.at(i));
                if (isObject(branch.value()) && isClosed(branch.value())) {
                    closed = branch;
                }
            }
            for (int i = 0; i < allOf.value().size(); i++) {
                Node branch = document.resolve(allOf.at(i));
                boolean narrows = closed != null && branch != closed && !branch.value().has("type")
                        && !branch.value().has("additionalProperties") && namesOnly(branch, closed);
                schema(allOf.at(i), narrows);
            }
        }

        private static boolean namesOnly(Node branch, Node closed) {
            JsonNode properties = branch.value().path("properties");
            JsonNode allowed = closed.value().path("properties");
            for (Map.Entry<String, JsonNode> property : properties.properties()) {
                if (!allowed.has(property.getKey())) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isObject(JsonNode schema) {
            JsonNode type = schema.get("type");
            if (type == null) {
                return schema.has("properties") || schema.has("required");
            }
            if (type.isArray()) {
                for (JsonNode one : type) {
                    if (one.asText().equals("object")) {
                        return true;
                    }
                }
                return false;
            }
            return type.asText().equals("object");
        }

        private static boolean isClosed(JsonNode schema) {
            return isFalse(schema.get("additionalProperties")) || isFalse(schema.get("unevaluatedProperties"));
        }

        private static boolean isFalse(JsonNode value) {
            return value != null && value.isBoolean() && !value.asBoolean();
        }
    }
}

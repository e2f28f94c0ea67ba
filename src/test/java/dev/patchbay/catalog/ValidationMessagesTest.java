package dev.patchbay.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The words a 422 uses: plain language, a descriptor's own sentence for a pattern, never a regex. */
class ValidationMessagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Catalog BUILT_IN = new CatalogLoader().load(null);

    @TempDir
    Path dir;

    @Test
    void a_pattern_with_a_message_is_explained_by_that_message() {
        ConfigSchema schema = BUILT_IN.find("github").orElseThrow().configSchema();

        List<FieldError> errors = schema.validate(json("""
                {"client_id": "Iv1.abc", "client_secret": "s", "redirect_uri": "http://example.com/cb"}"""));

        assertThat(errors).containsExactly(
                new FieldError("/redirect_uri", "must be an https:// URL with a host name and no spaces"));
    }

    @Test
    void a_pattern_without_a_message_is_not_in_the_expected_format_and_its_regex_is_never_shown() {
        ConfigSchema schema = operatorSchema("""
                region: {type: string, pattern: '^(eu|us)$'}
                """);

        List<FieldError> errors = schema.validate(json("{\"api_key\": \"k\", \"region\": \"mars\"}"));

        assertThat(errors).containsExactly(new FieldError("/region", "is not in the expected format"));
    }

    @Test
    void a_pattern_inside_an_array_uses_the_message_beside_it() {
        ConfigSchema schema = operatorSchema("""
                tags:
                  type: array
                  items: {type: string, pattern: '^[a-z]+$', x-pattern-message: 'must be lower-case letters'}
                """);

        List<FieldError> errors = schema.validate(json("{\"api_key\": \"k\", \"tags\": [\"ok\", \"NO\"]}"));

        assertThat(errors).containsExactly(new FieldError("/tags/1", "must be lower-case letters"));
    }

    @Test
    void a_minimum_length_of_one_means_not_empty() {
        ConfigSchema schema = BUILT_IN.find("github").orElseThrow().configSchema();

        List<FieldError> errors = schema.validate(json("{\"client_id\": \"\", \"client_secret\": \"s\"}"));

        assertThat(errors).containsExactly(new FieldError("/client_id", "must not be empty"));
    }

    @Test
    void counts_agree_with_their_nouns() {
        ConfigSchema schema = operatorSchema("""
                code: {type: string, minLength: 2, maxLength: 2}
                one: {type: string, maxLength: 1}
                tags: {type: array, minItems: 1, items: {type: string}}
                """);

        List<FieldError> errors = schema.validate(json(
                "{\"api_key\": \"k\", \"code\": \"x\", \"one\": \"xy\", \"tags\": []}"));

        assertThat(errors).containsExactly(
                new FieldError("/code", "must be at least 2 characters long"),
                new FieldError("/one", "must be at most 1 character long"),
                new FieldError("/tags", "must have at least 1 item"));
    }

    @Test
    void every_built_in_pattern_has_a_message() {
        List<String> without = new ArrayList<>();
        for (ProviderDescriptor provider : BUILT_IN.all()) {
            collectPatternsWithoutMessage(provider.configSchema().json(), provider.slug(), without);
        }

        assertThat(without).as("built-in patterns without %s", ValidationMessages.PATTERN_MESSAGE).isEmpty();
    }

    @Test
    void no_built_in_description_repeats_what_the_console_says_of_every_secret() {
        for (ProviderDescriptor provider : BUILT_IN.all()) {
            for (JsonNode property : provider.configSchema().json().path("properties")) {
                assertThat(property.path("description").asText()).as(provider.slug())
                        .doesNotContainIgnoringCase("stored encrypted");
            }
        }
    }

    @Test
    void a_pattern_message_without_a_pattern_stops_the_load() throws IOException {
        write("""
                hint: {type: string, x-pattern-message: 'must be a hint'}
                """);

        assertThatThrownBy(() -> new CatalogLoader().load(dir))
                .isInstanceOf(InvalidDescriptorException.class)
                .hasMessageContainingAll("acme.yaml", "/properties/hint/x-pattern-message", "beside a pattern");
    }

    @Test
    void a_pattern_message_that_is_not_text_stops_the_load() throws IOException {
        write("""
                hint: {type: string, pattern: '^a$', x-pattern-message: [1, 2]}
                """);

        assertThatThrownBy(() -> new CatalogLoader().load(dir))
                .isInstanceOf(InvalidDescriptorException.class)
                .hasMessageContaining("x-pattern-message");
    }

    private static void collectPatternsWithoutMessage(JsonNode schema, String where, List<String> found) {
        if (schema.isObject() && schema.path("pattern").isTextual()
                && !schema.path(ValidationMessages.PATTERN_MESSAGE).isTextual()) {
            found.add(where);
        }
        if (schema.isContainerNode()) {
            for (Map.Entry<String, JsonNode> child : schema.properties()) {
                collectPatternsWithoutMessage(child.getValue(), where + "/" + child.getKey(), found);
            }
            if (schema.isArray()) {
                for (int i = 0; i < schema.size(); i++) {
                    collectPatternsWithoutMessage(schema.get(i), where + "/" + i, found);
                }
            }
        }
    }

    /** An operator descriptor {@code acme} with a secret {@code api_key} and {@code properties} (YAML). */
    private ConfigSchema operatorSchema(String properties) {
        try {
            write(properties);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new CatalogLoader().load(dir).find("acme").orElseThrow().configSchema();
    }

    private void write(String properties) throws IOException {
        String indented = properties.strip().indent(4);
        Files.writeString(dir.resolve("acme.yaml"), """
                provider_slug: acme
                display_name: Acme
                description: Widgets, as a service.
                category: testing
                auth_type: api_key
                execution_strategy: server-side
                docs_url: https://acme.example/docs
                config_schema:
                  type: object
                  required: [api_key]
                  additionalProperties: false
                  properties:
                    api_key: {type: string, minLength: 1, writeOnly: true}
                """ + indented);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}

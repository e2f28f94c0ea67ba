package dev.patchbay.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Operator descriptors in {@code PATCHBAY_PROVIDERS_DIR}: what they add, what they replace, what they break. */
class CatalogLoaderTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final int BUILT_IN_COUNT = new CatalogLoader().load(null).size();

    @TempDir
    Path dir;

    @Test
    void a_new_descriptor_adds_a_provider() {
        write("acme.yaml", apiKeyDescriptor("acme"));

        Catalog catalog = new CatalogLoader().load(dir);

        assertThat(catalog.size()).isEqualTo(BUILT_IN_COUNT + 1);
        ProviderDescriptor acme = catalog.find("acme").orElseThrow();
        assertThat(acme.displayName()).isEqualTo("Acme");
        assertThat(acme.authType()).isEqualTo(AuthType.API_KEY);
        assertThat(acme.id()).isEqualTo(ProviderIds.forSlug("acme"));
        assertThat(acme.configSchema().secretFields()).containsExactly("api_key");
        assertThat(catalog.find("github")).isPresent();
    }

    @Test
    void a_descriptor_with_a_built_in_slug_replaces_the_built_in() {
        ObjectNode github = oauth2Descriptor("github");
        github.put("display_name", "GitHub Enterprise (ours)");
        write("github.yaml", github);

        Catalog catalog = new CatalogLoader().load(dir);

        assertThat(catalog.size()).isEqualTo(BUILT_IN_COUNT);
        ProviderDescriptor replaced = catalog.find("github").orElseThrow();
        assertThat(replaced.displayName()).isEqualTo("GitHub Enterprise (ours)");
        assertThat(replaced.oauth2().tokenUrl()).isEqualTo("https://auth.acme.example/token");
        assertThat(replaced.id()).isEqualTo(ProviderIds.forSlug("github"));
    }

    @Test
    void the_override_file_name_does_not_have_to_match_the_slug() {
        ObjectNode github = oauth2Descriptor("github");
        github.put("display_name", "Our GitHub");
        write("zz-our-github.yml", github);

        assertThat(new CatalogLoader().load(dir).find("github").orElseThrow().displayName()).isEqualTo("Our GitHub");
    }

    @Test
    void files_that_are_not_yaml_are_ignored() throws IOException {
        Files.writeString(dir.resolve("README.md"), "not: [a descriptor");

        assertThat(new CatalogLoader().load(dir).size()).isEqualTo(BUILT_IN_COUNT);
    }

    @Test
    void an_empty_directory_leaves_the_built_in_catalog() {
        assertThat(new CatalogLoader().load(dir).size()).isEqualTo(BUILT_IN_COUNT);
    }

    @Test
    void bad_yaml_is_rejected() {
        writeText("broken.yaml", "provider_slug: acme\ndisplay_name: [unclosed\n");

        assertRejected("broken.yaml", "not valid YAML");
    }

    @Test
    void a_top_level_list_is_rejected() {
        writeText("list.yaml", "- provider_slug: acme\n- display_name: Acme\n");

        assertRejected("list.yaml", "must be a mapping");
    }

    @Test
    void a_missing_display_name_is_rejected() {
        ObjectNode acme = apiKeyDescriptor("acme");
        acme.remove("display_name");
        write("acme.yaml", acme);

        assertRejected("acme.yaml", "missing required field 'display_name'");
    }

    @Test
    void a_missing_config_schema_is_rejected() {
        ObjectNode acme = apiKeyDescriptor("acme");
        acme.remove("config_schema");
        write("acme.yaml", acme);

        assertRejected("acme.yaml", "missing required field 'config_schema'");
    }

    @Test
    void a_slug_outside_the_slug_rule_is_rejected() {
        write("bad-slug.yaml", apiKeyDescriptor("Bad_Slug"));

        assertRejected("bad-slug.yaml", "provider_slug 'Bad_Slug' does not match ^[a-z0-9][a-z0-9-]{0,62}$");
    }

    @Test
    void two_files_with_the_same_slug_are_rejected() {
        write("acme-1.yaml", apiKeyDescriptor("acme"));
        write("acme-2.yaml", apiKeyDescriptor("acme"));

        assertRejected("acme-2.yaml", "duplicate provider_slug 'acme'", "acme-1.yaml");
    }

    @Test
    void an_unknown_auth_type_is_rejected() {
        ObjectNode acme = apiKeyDescriptor("acme");
        acme.put("auth_type", "saml");
        write("acme.yaml", acme);

        assertRejected("acme.yaml", "auth_type 'saml' is not one of oauth2, api_key, basic, none");
    }

    @Test
    void a_schema_with_a_numeric_type_is_not_valid_json_schema() {
        ObjectNode acme = apiKeyDescriptor("acme");
        schemaOf(acme).put("type", 5);
        write("acme.yaml", acme);

        assertRejected("acme.yaml", "config_schema is not valid JSON Schema 2020-12");
    }

    @Test
    void a_schema_whose_required_is_a_string_is_not_valid_json_schema() {
        ObjectNode acme = apiKeyDescriptor("acme");
        schemaOf(acme).put("required", "x");
        write("acme.yaml", acme);

        assertRejected("acme.yaml", "config_schema is not valid JSON Schema 2020-12", "/required");
    }

    @Test
    void a_schema_with_an_invalid_regex_pattern_is_rejected() {
        ObjectNode acme = apiKeyDescriptor("acme");
        ((ObjectNode) schemaOf(acme).path("properties").path("region")).put("pattern", "^(eu|us$");
        write("acme.yaml", acme);

        assertRejected("acme.yaml", "/properties/region/pattern", "regular expression");
    }

    @Test
    void an_oauth2_schema_without_a_write_only_client_secret_is_rejected() {
        ObjectNode acme = oauth2Descriptor("acme");
        ((ObjectNode) schemaOf(acme).path("properties").path("client_secret")).remove("writeOnly");
        write("acme.yaml", acme);

        assertRejected("acme.yaml", "client_secret must be writeOnly: true");
    }

    @Test
    void an_oauth2_schema_that_does_not_require_the_client_secret_is_rejected() {
        ObjectNode acme = oauth2Descriptor("acme");
        schemaOf(acme).putArray("required").add("client_id");
        write("acme.yaml", acme);

        assertRejected("acme.yaml", "must require client_id and client_secret");
    }

    @Test
    void an_oauth2_url_of_another_scheme_is_rejected() {
        ObjectNode acme = oauth2Descriptor("acme");
        ((ObjectNode) acme.path("oauth2")).put("token_url", "ftp://auth.acme.example/token");
        write("acme.yaml", acme);

        assertRejected("acme.yaml", "oauth2 URLs must start with https://");
    }

    @Test
    void an_operator_descriptor_may_name_a_plain_http_lab_server() {
        ObjectNode acme = oauth2Descriptor("acme");
        ((ObjectNode) acme.path("oauth2")).put("token_url", "http://127.0.0.1:9999/token");
        write("acme.yaml", acme);

        assertThat(new CatalogLoader().load(dir).find("acme").orElseThrow().oauth2().tokenUrl())
                .isEqualTo("http://127.0.0.1:9999/token");
    }

    @Test
    void a_schema_without_additional_properties_false_is_rejected() {
        ObjectNode acme = apiKeyDescriptor("acme");
        schemaOf(acme).remove("additionalProperties");
        write("acme.yaml", acme);

        assertRejected("acme.yaml", "config_schema must have additionalProperties: false");
    }

    @Test
    void a_schema_with_additional_properties_true_is_rejected() {
        ObjectNode acme = apiKeyDescriptor("acme");
        schemaOf(acme).put("additionalProperties", true);
        write("acme.yaml", acme);

        assertRejected("acme.yaml", "config_schema must have additionalProperties: false");
    }

    @Test
    void an_unknown_top_level_field_is_rejected() {
        ObjectNode acme = apiKeyDescriptor("acme");
        acme.put("icon_url", "https://acme.example/icon.png");
        write("acme.yaml", acme);

        assertRejected("acme.yaml", "unknown field 'icon_url'");
    }

    @Test
    void a_directory_that_does_not_exist_is_rejected() {
        Path missing = dir.resolve("no-such-dir");

        assertThatThrownBy(() -> new CatalogLoader().load(missing))
                .isInstanceOf(InvalidDescriptorException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("not a readable directory");
    }

    @Test
    void one_invalid_file_fails_the_whole_load_even_next_to_valid_ones() {
        write("acme.yaml", apiKeyDescriptor("acme"));
        ObjectNode broken = apiKeyDescriptor("broken");
        broken.put("auth_type", "saml");
        write("broken.yaml", broken);

        assertRejected("broken.yaml", "auth_type 'saml'");
    }

    /** Loading {@link #dir} fails, naming {@code fileName} and every one of {@code problem}. */
    private void assertRejected(String fileName, String... problem) {
        assertThatThrownBy(() -> new CatalogLoader().load(dir))
                .isInstanceOf(InvalidDescriptorException.class)
                .hasMessageContaining(dir.resolve(fileName).toString())
                .hasMessageContainingAll(problem);
    }

    /** A valid api_key descriptor: one secret {@code api_key} and an optional {@code region} with a pattern. */
    static ObjectNode apiKeyDescriptor(String slug) {
        ObjectNode descriptor = common(slug, "api_key");
        ObjectNode schema = descriptor.putObject("config_schema");
        schema.put("type", "object");
        schema.putArray("required").add("api_key");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("api_key").put("type", "string").put("minLength", 1).put("writeOnly", true);
        properties.putObject("region").put("type", "string").put("pattern", "^(eu|us)$");
        schema.put("additionalProperties", false);
        return descriptor;
    }

    /** A valid oauth2 descriptor with endpoints under auth.acme.example. */
    static ObjectNode oauth2Descriptor(String slug) {
        ObjectNode descriptor = common(slug, "oauth2");
        descriptor.putArray("default_scopes").addObject().put("name", "read").put("description", "Read everything");
        descriptor.putObject("oauth2")
                .put("authorization_url", "https://auth.acme.example/authorize")
                .put("token_url", "https://auth.acme.example/token");
        ObjectNode schema = descriptor.putObject("config_schema");
        schema.put("type", "object");
        schema.putArray("required").add("client_id").add("client_secret");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("client_id").put("type", "string").put("minLength", 1);
        properties.putObject("client_secret").put("type", "string").put("minLength", 1).put("writeOnly", true);
        schema.put("additionalProperties", false);
        return descriptor;
    }

    private static ObjectNode common(String slug, String authType) {
        ObjectNode descriptor = YAML.createObjectNode();
        descriptor.put("provider_slug", slug);
        descriptor.put("display_name", "Acme");
        descriptor.put("description", "Widgets, as a service.");
        descriptor.put("category", "testing");
        descriptor.put("auth_type", authType);
        descriptor.put("execution_strategy", "server-side");
        descriptor.put("docs_url", "https://acme.example/docs");
        return descriptor;
    }

    private static ObjectNode schemaOf(ObjectNode descriptor) {
        return (ObjectNode) descriptor.get("config_schema");
    }

    private void write(String fileName, ObjectNode descriptor) {
        try {
            writeText(fileName, YAML.writeValueAsString(descriptor));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeText(String fileName, String text) {
        try {
            Files.writeString(dir.resolve(fileName), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

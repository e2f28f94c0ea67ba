package dev.patchbay.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchbay.catalog.Catalog;
import dev.patchbay.catalog.CatalogLoader;
import dev.patchbay.catalog.ConfigSchema;
import dev.patchbay.crypto.Secret;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Filling descriptor templates from a setup: values, secrets, schema defaults, and URL safety. */
class PlaceholdersTest {
    private static final Catalog CATALOG = new CatalogLoader().load(null);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_missing_value_falls_back_to_the_schema_default() {
        Placeholders gitlab = placeholders("gitlab", values(), Map.of());

        assertThat(gitlab.url("{base_url}/oauth/token").text()).isEqualTo("https://gitlab.com/oauth/token");
    }

    @Test
    void a_leading_url_value_loses_its_trailing_slash() {
        Placeholders gitlab = placeholders("gitlab", values("base_url", "https://git.example.com/"), Map.of());

        assertThat(gitlab.url("{base_url}/oauth/token").text()).isEqualTo("https://git.example.com/oauth/token");
    }

    @Test
    void a_value_inside_a_url_is_percent_encoded_so_it_cannot_change_the_host() {
        Placeholders zendesk = placeholders("zendesk", values("subdomain", "evil.example/x?"), Map.of());

        assertThat(zendesk.url("https://{subdomain}.zendesk.com/oauth/tokens").text())
                .isEqualTo("https://evil.example%2Fx%3F.zendesk.com/oauth/tokens");
    }

    @Test
    void a_value_without_default_is_reported_missing() {
        Placeholders shopify = placeholders("shopify", values(), Map.of());

        Placeholders.Filled filled = shopify.url("https://{shop_domain}/admin/oauth/access_token");

        assertThat(filled.complete()).isFalse();
        assertThat(filled.missing()).containsExactly("shop_domain");
    }

    @Test
    void a_secret_fills_a_header_exactly_as_it_is() {
        Placeholders stripe = placeholders("stripe", values(), Map.of("api_key", Secret.of("sk_test_a/b ")));

        assertThat(stripe.text("Bearer {api_key}").text()).isEqualTo("Bearer sk_test_a/b ");
    }

    @Test
    void the_scrubber_removes_a_secret_in_every_form_it_knows() {
        Scrubber scrubber = Scrubber.of(new SetupConfig(values(), Map.of("api_key", Secret.of("a b+c/d"))));

        assertThat(scrubber.scrub("raw a b+c/d, form a+b%2Bc%2Fd, percent a%20b%2Bc%2Fd"))
                .doesNotContain("a b+c/d").doesNotContain("a+b%2Bc%2Fd").doesNotContain("a%20b%2Bc%2Fd");
    }

    @Test
    void an_error_token_keeps_only_code_characters_and_is_cut() {
        assertThat(Targets.token("invalid_client")).isEqualTo("invalid_client");
        assertThat(Targets.token("<b>no</b> way")).isEqualTo("bnobway");
        assertThat(Targets.token("x".repeat(100))).hasSize(Targets.MAX_TOKEN + 1).endsWith("…");
        assertThat(Targets.token("***")).isNull();
    }

    private static Placeholders placeholders(String slug, ObjectNode values, Map<String, Secret> secrets) {
        ConfigSchema schema = CATALOG.find(slug).orElseThrow().configSchema();
        return new Placeholders(schema, new SetupConfig(values, secrets));
    }

    private static ObjectNode values(String... pairs) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            node.put(pairs[i], pairs[i + 1]);
        }
        return node;
    }

}

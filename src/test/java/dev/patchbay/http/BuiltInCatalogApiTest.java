package dev.patchbay.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The built-in catalog as a client sees it: one page of up to 500 providers. */
class BuiltInCatalogApiTest {
    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    @Test
    void one_page_lists_at_least_150_providers_in_at_least_15_categories() {
        ApiResponse listed = server.api().get("/v1/admin/connector-providers?limit=500");

        assertThat(listed.status()).isEqualTo(200);
        Set<String> slugs = new HashSet<>();
        Set<String> categories = new HashSet<>();
        for (JsonNode provider : listed.data()) {
            slugs.add(provider.get("provider_slug").asText());
            categories.add(provider.get("category").asText());
        }
        assertThat(slugs).hasSizeGreaterThanOrEqualTo(150);
        assertThat(listed.json().at("/meta/total").asInt()).isEqualTo(slugs.size());
        assertThat(listed.json().at("/meta/next_cursor").isNull()).isTrue();
        assertThat(categories).hasSizeGreaterThanOrEqualTo(15);
    }

    @Test
    void a_new_provider_is_served_with_its_schema_and_without_the_build_time_comments() {
        ApiResponse anthropic = server.api().provider("anthropic");

        assertThat(anthropic.status()).isEqualTo(200);
        assertThat(anthropic.data().at("/config_schema/properties/api_key/writeOnly").asBoolean()).isTrue();
        assertThat(anthropic.data().at("/config_schema/additionalProperties").asBoolean(true)).isFalse();
        assertThat(anthropic.body()).doesNotContain("# gap:");
    }
}

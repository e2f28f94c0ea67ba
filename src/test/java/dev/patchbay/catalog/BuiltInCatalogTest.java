package dev.patchbay.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The descriptors shipped in {@code src/main/resources/providers}, loaded as {@code serve} loads them. */
class BuiltInCatalogTest {
    /** Immutable and thread-safe, so one load serves every test. */
    private static final Catalog CATALOG = new CatalogLoader().load(null);

    private static final List<String> WELL_KNOWN = List.of("github", "gitlab", "bitbucket", "google-workspace",
            "google-drive", "slack", "microsoft-365", "salesforce", "hubspot", "notion", "jira", "confluence",
            "zendesk", "dropbox", "box", "linear", "asana", "zoom", "intercom", "airtable", "figma", "discord",
            "shopify", "quickbooks", "xero", "okta", "stripe", "openai", "sendgrid", "twilio");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    @Test
    void has_at_least_30_providers() {
        assertThat(CATALOG.size()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void has_at_least_150_providers_in_at_least_15_categories() {
        assertThat(CATALOG.size()).isGreaterThanOrEqualTo(150);
        assertThat(CATALOG.all().stream().map(ProviderDescriptor::category).distinct().count()).isGreaterThanOrEqualTo(15);
    }

    @Test
    void contains_the_well_known_providers() {
        assertThat(slugs()).containsAll(WELL_KNOWN);
    }

    @Test
    void lists_providers_ordered_by_slug() {
        assertThat(slugs()).isSorted();
    }

    @Test
    void twilio_uses_basic_auth() {
        assertThat(provider("twilio").authType()).isEqualTo(AuthType.BASIC);
    }

    @Test
    void every_oauth2_provider_has_https_or_placeholder_authorization_and_token_urls() {
        for (ProviderDescriptor p : oauth2Providers()) {
            assertThat(p.oauth2()).as(p.slug()).isNotNull();
            assertThat(List.of(p.oauth2().authorizationUrl(), p.oauth2().tokenUrl()))
                    .as(p.slug())
                    .allSatisfy(url -> assertThat(url).matches("^(https://|\\{[A-Za-z0-9_]+}).+"));
        }
    }

    @Test
    void every_oauth2_url_placeholder_names_a_property_that_is_required_or_has_a_default() {
        for (ProviderDescriptor p : oauth2Providers()) {
            for (String url : List.of(p.oauth2().authorizationUrl(), p.oauth2().tokenUrl())) {
                Matcher placeholder = PLACEHOLDER.matcher(url);
                while (placeholder.find()) {
                    String name = placeholder.group(1);
                    JsonNode property = p.configSchema().json().path("properties").path(name);
                    assertThat(property.isObject()).as(p.slug() + " " + url).isTrue();
                    assertThat(p.configSchema().isRequired(name) || property.has("default"))
                            .as(p.slug() + ": {" + name + "} is required or has a default").isTrue();
                }
            }
        }
    }

    @Test
    void a_url_that_starts_with_a_placeholder_takes_only_https_values() {
        for (ProviderDescriptor p : oauth2Providers()) {
            for (String url : List.of(p.oauth2().authorizationUrl(), p.oauth2().tokenUrl())) {
                Matcher leading = PLACEHOLDER.matcher(url);
                if (leading.lookingAt()) {
                    JsonNode property = p.configSchema().json().path("properties").path(leading.group(1));
                    assertThat(property.path("pattern").asText()).as(p.slug() + " " + url).startsWith("^https://");
                    assertThat(property.path("default").asText("https://")).as(p.slug()).startsWith("https://");
                }
            }
        }
    }

    @Test
    void every_oauth2_provider_requires_client_id_and_client_secret() {
        for (ProviderDescriptor p : oauth2Providers()) {
            assertThat(p.configSchema().isRequired("client_id")).as(p.slug()).isTrue();
            assertThat(p.configSchema().isRequired("client_secret")).as(p.slug()).isTrue();
        }
    }

    @Test
    void every_oauth2_provider_treats_client_secret_as_a_secret() {
        for (ProviderDescriptor p : oauth2Providers()) {
            assertThat(p.configSchema().secretFields()).as(p.slug()).contains("client_secret");
            assertThat(p.configSchema().secretFields()).as(p.slug()).doesNotContain("client_id");
        }
    }

    @Test
    void every_config_schema_forbids_additional_properties() {
        for (ProviderDescriptor p : CATALOG.all()) {
            JsonNode additional = p.configSchema().json().get("additionalProperties");
            assertThat(additional).as(p.slug()).isNotNull();
            assertThat(additional.isBoolean() && !additional.asBoolean()).as(p.slug()).isTrue();
        }
    }

    @Test
    void every_docs_url_is_https() {
        assertThat(CATALOG.all()).allSatisfy(p -> assertThat(p.docsUrl()).as(p.slug()).startsWith("https://"));
    }

    @Test
    void every_default_scope_of_an_oauth2_provider_has_a_name_and_a_description() {
        for (ProviderDescriptor p : oauth2Providers()) {
            assertThat(p.defaultScopes()).as(p.slug()).allSatisfy(scope -> {
                assertThat(scope.name()).isNotBlank();
                assertThat(scope.description()).as(p.slug() + " " + scope.name()).isNotBlank();
            });
        }
    }

    @Test
    void the_big_oauth2_providers_request_default_scopes() {
        for (String slug : List.of("github", "gitlab", "google-workspace", "google-drive", "slack", "microsoft-365")) {
            assertThat(provider(slug).defaultScopes()).as(slug).isNotEmpty();
        }
    }

    @Test
    void every_id_is_a_name_based_uuid_v5_of_the_slug() {
        for (ProviderDescriptor p : CATALOG.all()) {
            assertThat(p.id().version()).as(p.slug()).isEqualTo(5);
            assertThat(p.id().variant()).as(p.slug()).isEqualTo(2);
            assertThat(p.id()).as(p.slug()).isEqualTo(ProviderIds.forSlug(p.slug()));
        }
    }

    @Test
    void ids_are_unique() {
        assertThat(CATALOG.all().stream().map(ProviderDescriptor::id)).doesNotHaveDuplicates();
    }

    @Test
    void the_id_of_github_never_changes() {
        // Clients hold these ids; a changed namespace or derivation would silently re-key every provider.
        assertThat(ProviderIds.forSlug("github")).isEqualTo(UUID.fromString("446595e0-5218-5f91-8202-3fa9c2fd7d37"));
        assertThat(provider("github").id()).isEqualTo(UUID.fromString("446595e0-5218-5f91-8202-3fa9c2fd7d37"));
    }

    @Test
    void github_has_its_real_oauth_endpoints() {
        ProviderDescriptor github = provider("github");
        assertThat(github.authType()).isEqualTo(AuthType.OAUTH2);
        assertThat(github.oauth2().authorizationUrl()).isEqualTo("https://github.com/login/oauth/authorize");
        assertThat(github.oauth2().tokenUrl()).isEqualTo("https://github.com/login/oauth/access_token");
    }

    @Test
    void slack_has_its_real_oauth_v2_endpoints() {
        ProviderDescriptor slack = provider("slack");
        assertThat(slack.oauth2().authorizationUrl()).isEqualTo("https://slack.com/oauth/v2/authorize");
        assertThat(slack.oauth2().tokenUrl()).isEqualTo("https://slack.com/api/oauth.v2.access");
    }

    @Test
    void google_providers_have_googles_real_oauth_endpoints() {
        for (String slug : List.of("google-workspace", "google-drive")) {
            ProviderDescriptor google = provider(slug);
            assertThat(google.oauth2().authorizationUrl()).as(slug).isEqualTo("https://accounts.google.com/o/oauth2/v2/auth");
            assertThat(google.oauth2().tokenUrl()).as(slug).isEqualTo("https://oauth2.googleapis.com/token");
        }
    }

    @Test
    void microsoft_365_endpoints_are_per_tenant() {
        ProviderDescriptor microsoft = provider("microsoft-365");
        assertThat(microsoft.oauth2().authorizationUrl())
                .isEqualTo("https://login.microsoftonline.com/{tenant_id}/oauth2/v2.0/authorize");
        assertThat(microsoft.oauth2().tokenUrl())
                .isEqualTo("https://login.microsoftonline.com/{tenant_id}/oauth2/v2.0/token");
    }

    @Test
    void non_oauth2_providers_have_no_oauth_endpoints() {
        assertThat(CATALOG.all()).filteredOn(p -> p.authType() != AuthType.OAUTH2)
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.oauth2()).as(p.slug()).isNull());
    }

    private static List<ProviderDescriptor> oauth2Providers() {
        List<ProviderDescriptor> oauth2 = CATALOG.all().stream().filter(p -> p.authType() == AuthType.OAUTH2).toList();
        assertThat(oauth2).isNotEmpty();
        return oauth2;
    }

    private static List<String> slugs() {
        return CATALOG.all().stream().map(ProviderDescriptor::slug).toList();
    }

    private static ProviderDescriptor provider(String slug) {
        return CATALOG.find(slug).orElseThrow(() -> new AssertionError("no built-in provider " + slug));
    }
}

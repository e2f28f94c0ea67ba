package dev.patchbay.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code verify} blocks of the built-in descriptors: every provider with credentials can be checked. */
class BuiltInVerifyBlocksTest {
    private static final Catalog CATALOG = new CatalogLoader().load(null);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    @Test
    void every_api_key_and_basic_provider_has_a_verify_request() {
        List<ProviderDescriptor> withKeys = CATALOG.all().stream()
                .filter(p -> p.authType() == AuthType.API_KEY || p.authType() == AuthType.BASIC).toList();

        assertThat(withKeys).isNotEmpty()
                .allSatisfy(p -> assertThat(p.verify()).as(p.slug()).isInstanceOf(VerifySpec.Probe.class));
    }

    @Test
    void every_oauth2_provider_has_a_token_url_to_exchange_a_code_at() {
        List<ProviderDescriptor> oauth2 = CATALOG.all().stream().filter(p -> p.authType() == AuthType.OAUTH2).toList();

        assertThat(oauth2).isNotEmpty().allSatisfy(p -> {
            assertThat(p.oauth2().tokenUrl()).as(p.slug()).isNotBlank();
            assertThat(p.verify()).as(p.slug()).isInstanceOfAny(VerifySpec.TokenExchange.class, VerifySpec.Unsupported.class);
        });
    }

    @Test
    void most_oauth2_providers_are_checked_and_every_exception_says_why() {
        List<String> unsupported = new ArrayList<>();
        for (ProviderDescriptor p : CATALOG.all()) {
            if (p.authType() == AuthType.OAUTH2 && p.verify() instanceof VerifySpec.Unsupported why) {
                assertThat(why.why()).as(p.slug()).hasSizeGreaterThan(20);
                unsupported.add(p.slug());
            }
        }
        assertThat(unsupported).containsExactlyInAnyOrder("clickup", "figma");
    }

    @Test
    void providers_without_credentials_have_nothing_to_verify() {
        assertThat(provider("hacker-news").verify()).isInstanceOf(VerifySpec.Unsupported.class);
    }

    @Test
    void every_verify_request_is_a_read_only_get() {
        for (VerifySpec.Probe probe : probes()) {
            assertThat(probe.method()).isEqualTo("GET");
        }
    }

    @Test
    void every_verify_url_is_https_or_starts_with_a_property_that_takes_only_https() {
        for (ProviderDescriptor p : CATALOG.all()) {
            if (!(p.verify() instanceof VerifySpec.Probe probe)) {
                continue;
            }
            for (String url : probe.urls()) {
                Matcher leading = PLACEHOLDER.matcher(url);
                if (leading.lookingAt()) {
                    JsonNode property = p.configSchema().json().path("properties").path(leading.group(1));
                    assertThat(property.path("pattern").asText()).as(p.slug() + " " + url).startsWith("^https://");
                } else {
                    assertThat(url).as(p.slug()).startsWith("https://");
                }
            }
        }
    }

    @Test
    void the_last_verify_url_of_each_provider_can_always_be_filled() {
        for (ProviderDescriptor p : CATALOG.all()) {
            if (!(p.verify() instanceof VerifySpec.Probe probe) || p.slug().equals("mailchimp")) {
                continue; // Mailchimp's data center is in the key itself; without server_prefix there is no URL
            }
            String last = probe.urls().get(probe.urls().size() - 1);
            Matcher placeholder = PLACEHOLDER.matcher(last);
            while (placeholder.find()) {
                String name = placeholder.group(1);
                JsonNode property = p.configSchema().json().path("properties").path(name);
                assertThat(p.configSchema().isRequired(name) || property.has("default"))
                        .as(p.slug() + ": {" + name + "} is required or has a default").isTrue();
            }
        }
    }

    @Test
    void the_well_known_api_key_services_are_checked_at_their_documented_endpoints() {
        assertProbe("stripe", "{base_url}/v1/balance", "Authorization", "Bearer {api_key}");
        assertProbe("openai", "{base_url}/models", "Authorization", "Bearer {api_key}");
        assertProbe("sendgrid", "{base_url}/scopes", "Authorization", "Bearer {api_key}");
        assertThat(schemaDefault("stripe", "base_url")).isEqualTo("https://api.stripe.com");
        assertThat(schemaDefault("openai", "base_url")).isEqualTo("https://api.openai.com/v1");
        assertThat(schemaDefault("sendgrid", "base_url")).isEqualTo("https://api.sendgrid.com/v3");
    }

    @Test
    void twilio_is_checked_with_basic_authentication_from_its_two_fields() {
        VerifySpec.Probe twilio = (VerifySpec.Probe) provider("twilio").verify();

        assertThat(twilio.urls()).containsExactly("https://api.twilio.com/2010-04-01/Accounts/{account_sid}.json");
        assertThat(twilio.basicAuth()).isEqualTo(new VerifySpec.BasicAuth("{account_sid}", "{auth_token}"));
    }

    @Test
    void github_is_checked_with_body_credentials_and_its_own_error_codes() {
        VerifySpec.TokenExchange github = (VerifySpec.TokenExchange) provider("github").verify();

        assertThat(provider("github").oauth2().clientAuth()).isEqualTo(ClientAuth.BODY);
        assertThat(github.acceptedErrors()).containsExactly("bad_verification_code");
        assertThat(github.rejectedErrors()).containsExactly("incorrect_client_credentials");
    }

    @Test
    void google_is_checked_the_rfc_6749_way() {
        VerifySpec.TokenExchange google = (VerifySpec.TokenExchange) provider("google-workspace").verify();

        assertThat(google.acceptedErrors()).containsExactly("invalid_grant");
        assertThat(google.rejectedErrors()).containsExactly("invalid_client");
    }

    private static void assertProbe(String slug, String url, String header, String value) {
        VerifySpec.Probe probe = (VerifySpec.Probe) provider(slug).verify();
        assertThat(probe.urls()).as(slug).containsExactly(url);
        assertThat(probe.headers()).as(slug).containsEntry(header, value);
        assertThat(probe.acceptedStatuses()).as(slug).containsExactly(200);
        assertThat(probe.rejectedStatuses()).as(slug).contains(401);
    }

    private static String schemaDefault(String slug, String property) {
        return provider(slug).configSchema().json().path("properties").path(property).path("default").asText();
    }

    private static List<VerifySpec.Probe> probes() {
        return CATALOG.all().stream().map(ProviderDescriptor::verify)
                .filter(VerifySpec.Probe.class::isInstance).map(VerifySpec.Probe.class::cast).toList();
    }

    private static ProviderDescriptor provider(String slug) {
        return CATALOG.find(slug).orElseThrow(() -> new AssertionError("no built-in provider " + slug));
    }
}

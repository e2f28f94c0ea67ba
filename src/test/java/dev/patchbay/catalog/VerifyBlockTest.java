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

import static dev.patchbay.catalog.CatalogLoaderTest.apiKeyDescriptor;
import static dev.patchbay.catalog.CatalogLoaderTest.oauth2Descriptor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code verify} block of an operator descriptor: what it means, and what stops start-up. */
class VerifyBlockTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;

    @Test
    void an_oauth2_descriptor_without_a_verify_block_is_checked_the_rfc_6749_way() {
        write(oauth2Descriptor("acme"));

        assertThat(load().verify()).isEqualTo(VerifySpec.TokenExchange.RFC_6749);
    }

    @Test
    void an_api_key_descriptor_without_a_verify_block_has_no_check() {
        write(apiKeyDescriptor("acme"));

        assertThat(load().verify()).isInstanceOf(VerifySpec.Unsupported.class);
    }

    @Test
    void an_oauth2_verify_block_sets_the_response_format_and_error_codes() {
        ObjectNode acme = oauth2Descriptor("acme");
        ObjectNode verify = acme.putObject("verify");
        verify.put("response_format", "form").put("error_field", "/code");
        verify.putArray("accepted_errors").add("bad_code");
        verify.putArray("rejected_errors").add("bad_client");
        write(acme);

        assertThat(load().verify()).isEqualTo(new VerifySpec.TokenExchange(BodyFormat.FORM, "/code",
                java.util.Set.of("bad_code"), java.util.Set.of("bad_client")));
    }

    @Test
    void an_api_key_verify_block_becomes_a_probe_with_default_rejected_statuses() {
        ObjectNode acme = apiKeyDescriptor("acme");
        ObjectNode verify = acme.putObject("verify");
        verify.put("url", "https://api.acme.example/{region}/me");
        verify.putObject("headers").put("X-Api-Key", "{api_key}");
        verify.putArray("accepted_statuses").add(200);
        write(acme);

        VerifySpec.Probe probe = (VerifySpec.Probe) load().verify();

        assertThat(probe.method()).isEqualTo("GET");
        assertThat(probe.urls()).containsExactly("https://api.acme.example/{region}/me");
        assertThat(probe.headers()).containsEntry("X-Api-Key", "{api_key}");
        assertThat(probe.rejectedStatuses()).containsExactlyInAnyOrder(401, 403);
    }

    @Test
    void not_supported_says_why_and_takes_nothing_else() {
        ObjectNode acme = apiKeyDescriptor("acme");
        acme.putObject("verify").put("not_supported", "Acme has no read-only endpoint.");
        write(acme);

        assertThat(load().verify()).isEqualTo(new VerifySpec.Unsupported("Acme has no read-only endpoint."));
    }

    @Test
    void a_placeholder_that_names_no_property_is_rejected() {
        ObjectNode acme = probe("https://api.acme.example/{tenant}/me");
        write(acme);

        assertRejected("verify.url placeholder {tenant} names no config_schema property");
    }

    @Test
    void a_check_that_sends_no_secret_is_rejected() {
        ObjectNode acme = probe("https://api.acme.example/me");
        ((ObjectNode) acme.get("verify")).remove("headers");
        write(acme);

        assertRejected("verify must send a secret");
    }

    @Test
    void a_check_that_could_change_something_is_rejected() {
        ObjectNode acme = probe("https://api.acme.example/me");
        ((ObjectNode) acme.get("verify")).put("method", "DELETE");
        write(acme);

        assertRejected("verify.method must be GET or HEAD");
    }

    @Test
    void a_check_over_plain_http_is_rejected() {
        write(probe("http://api.acme.example/me"));

        assertRejected("verify.url must start with https://");
    }

    @Test
    void a_header_the_client_sets_itself_is_rejected() {
        ObjectNode acme = probe("https://api.acme.example/me");
        ((ObjectNode) acme.get("verify").get("headers")).put("Host", "evil.example");
        write(acme);

        assertRejected("'Host' is not a header name a check may set");
    }

    @Test
    void a_status_both_accepted_and_rejected_is_rejected() {
        ObjectNode acme = probe("https://api.acme.example/me");
        ((ObjectNode) acme.get("verify")).putArray("rejected_statuses").add(200);
        write(acme);

        assertRejected("must not overlap");
    }

    @Test
    void an_oauth2_key_in_an_api_key_verify_block_is_rejected() {
        ObjectNode acme = probe("https://api.acme.example/me");
        ((ObjectNode) acme.get("verify")).put("client_auth", "basic");
        write(acme);

        assertRejected("unknown field 'verify.client_auth'");
    }

    @Test
    void client_authentication_in_the_verify_block_is_refused_with_where_it_moved() {
        ObjectNode acme = oauth2Descriptor("acme");
        acme.putObject("verify").put("client_auth", "body");
        write(acme);

        assertRejected("verify.client_auth has moved to oauth2.client_auth");
    }

    @Test
    void the_request_format_in_the_verify_block_is_refused_with_where_it_moved() {
        ObjectNode acme = oauth2Descriptor("acme");
        acme.putObject("verify").put("request_format", "json");
        write(acme);

        assertRejected("verify.request_format has moved to oauth2.request_format");
    }

    @Test
    void a_verify_block_on_a_provider_without_credentials_is_rejected() {
        ObjectNode acme = apiKeyDescriptor("acme");
        acme.put("auth_type", "none");
        acme.putObject("verify").put("not_supported", "nothing");
        write(acme);

        assertRejected("verify is not allowed when auth_type is none");
    }

    /** An api_key descriptor whose check is {@code GET url} with the key in a header. */
    private static ObjectNode probe(String url) {
        ObjectNode acme = apiKeyDescriptor("acme");
        ObjectNode verify = acme.putObject("verify");
        verify.put("url", url);
        verify.putObject("headers").put("Authorization", "Bearer {api_key}");
        verify.putArray("accepted_statuses").add(200);
        return acme;
    }

    private ProviderDescriptor load() {
        return new CatalogLoader().load(dir).find("acme").orElseThrow();
    }

    private void assertRejected(String problem) {
        assertThatThrownBy(() -> new CatalogLoader().load(dir))
                .isInstanceOf(InvalidDescriptorException.class)
                .hasMessageContaining(dir.resolve("acme.yaml").toString())
                .hasMessageContaining(problem);
    }

    private void write(ObjectNode descriptor) {
        try {
            Files.writeString(dir.resolve("acme.yaml"), YAML.writeValueAsString(descriptor));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

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
import java.util.List;
import java.util.Map;

import static dev.patchbay.catalog.CatalogLoaderTest.apiKeyDescriptor;
import static dev.patchbay.catalog.CatalogLoaderTest.oauth2Descriptor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The descriptor fields connections use: the oauth2 block's details, {@code api} and {@code connection_schema}. */
class ConnectionDescriptorTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Catalog BUILT_IN = new CatalogLoader().load(null);

    @TempDir
    Path dir;

    @Test
    void an_oauth2_block_with_only_its_endpoints_takes_the_rfc_defaults() {
        write(oauth2Descriptor("acme"));

        OAuthEndpoints oauth2 = load().oauth2();

        assertThat(oauth2).isEqualTo(OAuthEndpoints.rfc6749("https://auth.acme.example/authorize",
                "https://auth.acme.example/token"));
        assertThat(oauth2.clientAuth()).isEqualTo(ClientAuth.BASIC);
        assertThat(oauth2.requestFormat()).isEqualTo(BodyFormat.FORM);
        assertThat(oauth2.refreshUrl()).isEqualTo("https://auth.acme.example/token");
        assertThat(oauth2.revocationUrl()).isNull();
        assertThat(oauth2.scopeSeparator()).isEqualTo(" ");
        assertThat(oauth2.pkce()).isTrue();
        assertThat(oauth2.tokenResponsePath()).isNull();
        assertThat(oauth2.issuer()).isNull();
        assertThat(oauth2.connectionValues()).isEmpty();
    }

    @Test
    void every_oauth2_detail_is_read() {
        ObjectNode acme = oauth2Descriptor("acme");
        ObjectNode oauth2 = (ObjectNode) acme.get("oauth2");
        oauth2.put("client_auth", "body").put("request_format", "json")
                .put("refresh_url", "https://auth.acme.example/refresh")
                .put("revocation_url", "https://auth.acme.example/revoke")
                .put("scope_separator", ",").put("pkce", false)
                .put("token_response_path", "authed_user").put("issuer", "https://auth.acme.example");
        oauth2.putObject("authorization_params").put("access_type", "offline").put("prompt", "consent");
        oauth2.putObject("token_params").put("audience", "api");
        oauth2.putArray("connection_values").add("instance_url");
        write(acme);

        assertThat(load().oauth2()).isEqualTo(new OAuthEndpoints("https://auth.acme.example/authorize",
                "https://auth.acme.example/token", ClientAuth.BODY, BodyFormat.JSON,
                "https://auth.acme.example/refresh", "https://auth.acme.example/revoke", ",", false,
                Map.of("access_type", "offline", "prompt", "consent"), Map.of("audience", "api"),
                "authed_user", "https://auth.acme.example", List.of("instance_url")));
    }

    @Test
    void an_unknown_oauth2_field_is_rejected() {
        ObjectNode acme = oauth2Descriptor("acme");
        ((ObjectNode) acme.get("oauth2")).put("revoke_url", "https://auth.acme.example/revoke");
        write(acme);

        assertRejected("unknown field 'oauth2.revoke_url'");
    }

    @Test
    void an_unknown_client_authentication_is_rejected() {
        ObjectNode acme = oauth2Descriptor("acme");
        ((ObjectNode) acme.get("oauth2")).put("client_auth", "jwt");
        write(acme);

        assertRejected("oauth2.client_auth must be one of basic, body");
    }

    @Test
    void an_authorization_parameter_patchbay_sets_itself_is_rejected() {
        ObjectNode acme = oauth2Descriptor("acme");
        ((ObjectNode) acme.get("oauth2")).putObject("authorization_params").put("state", "fixed");
        write(acme);

        assertRejected("oauth2.authorization_params must not set state");
    }

    @Test
    void a_token_parameter_patchbay_sets_itself_is_rejected() {
        ObjectNode acme = oauth2Descriptor("acme");
        ((ObjectNode) acme.get("oauth2")).putObject("token_params").put("grant_type", "password");
        write(acme);

        assertRejected("oauth2.token_params must not set grant_type");
    }

    @Test
    void a_parameter_value_that_is_not_a_string_is_rejected() {
        ObjectNode acme = oauth2Descriptor("acme");
        ((ObjectNode) acme.get("oauth2")).putObject("authorization_params").put("include_granted_scopes", true);
        write(acme);

        assertRejected("oauth2.authorization_params.include_granted_scopes must be a string");
    }

    @Test
    void pkce_must_be_a_boolean() {
        ObjectNode acme = oauth2Descriptor("acme");
        ((ObjectNode) acme.get("oauth2")).put("pkce", "no");
        write(acme);

        assertRejected("oauth2.pkce must be true or false");
    }

    @Test
    void a_token_as_a_connection_value_is_rejected() {
        ObjectNode acme = oauth2Descriptor("acme");
        ((ObjectNode) acme.get("oauth2")).putArray("connection_values").add("refresh_token");
        write(acme);

        assertRejected("oauth2.connection_values must not name refresh_token");
    }

    @Test
    void a_revocation_url_of_another_scheme_is_rejected() {
        ObjectNode acme = oauth2Descriptor("acme");
        ((ObjectNode) acme.get("oauth2")).put("revocation_url", "ftp://auth.acme.example/revoke");
        write(acme);

        assertRejected("oauth2 URLs must start with https://");
    }

    @Test
    void an_api_base_url_may_use_a_connection_value() {
        ObjectNode acme = oauth2Descriptor("acme");
        ((ObjectNode) acme.get("oauth2")).putArray("connection_values").add("instance_url");
        acme.putObject("api").put("base_url", "{connection.instance_url}/services/data");
        write(acme);

        assertThat(load().api()).isEqualTo(new ApiSpec("{connection.instance_url}/services/data", Map.of(), Map.of(),
                null));
    }

    @Test
    void an_api_placeholder_that_names_nothing_is_rejected() {
        ObjectNode acme = oauth2Descriptor("acme");
        acme.putObject("api").put("base_url", "{connection.instance_url}/services/data");
        write(acme);

        assertRejected("api.base_url placeholder {connection.instance_url}");
    }

    @Test
    void an_oauth2_api_block_cannot_place_a_credential() {
        ObjectNode acme = oauth2Descriptor("acme");
        acme.putObject("api").put("base_url", "https://api.acme.example").putObject("headers")
                .put("Authorization", "Bearer {client_secret}");
        write(acme);

        assertRejected("api.headers is only allowed when auth_type is api_key or basic");
    }

    @Test
    void an_api_key_connection_schema_and_api_block_are_read() {
        ObjectNode acme = apiKeyDescriptor("acme");
        ObjectNode api = acme.putObject("api").put("base_url", "https://{region}.acme.example");
        api.putObject("headers").put("Authorization", "Bearer {account_key}");
        api.putObject("query").put("region", "{region}");
        ObjectNode schema = acme.putObject("connection_schema").put("type", "object")
                .put("additionalProperties", false);
        schema.putArray("required").add("account_key");
        schema.putObject("properties").putObject("account_key").put("type", "string").put("writeOnly", true);
        write(acme);

        ProviderDescriptor loaded = load();

        assertThat(loaded.api().headers()).containsExactly(Map.entry("Authorization", "Bearer {account_key}"));
        assertThat(loaded.api().query()).containsExactly(Map.entry("region", "{region}"));
        assertThat(loaded.connectionSchema().secretFields()).containsExactly("account_key");
    }

    @Test
    void a_connection_schema_that_is_not_closed_is_rejected() {
        ObjectNode acme = apiKeyDescriptor("acme");
        acme.putObject("connection_schema").put("type", "object").putObject("properties")
                .putObject("account_key").put("type", "string").put("writeOnly", true);
        write(acme);

        assertRejected("connection_schema", "additionalProperties: false");
    }

    @Test
    void a_connection_schema_without_a_secret_is_rejected() {
        ObjectNode acme = apiKeyDescriptor("acme");
        acme.putObject("connection_schema").put("type", "object").put("additionalProperties", false)
                .putObject("properties").putObject("account").put("type", "string");
        write(acme);

        assertRejected("connection_schema must mark the account's secret writeOnly: true");
    }

    @Test
    void an_oauth2_connection_schema_is_rejected() {
        ObjectNode acme = oauth2Descriptor("acme");
        acme.putObject("connection_schema").put("type", "object").put("additionalProperties", false);
        write(acme);

        assertRejected("connection_schema is only allowed when auth_type is api_key or basic");
    }

    @Test
    void google_asks_for_offline_access_with_consent_and_can_revoke() {
        OAuthEndpoints google = BUILT_IN.find("google-workspace").orElseThrow().oauth2();

        assertThat(google.authorizationParams()).isEqualTo(Map.of("access_type", "offline", "prompt", "consent"));
        assertThat(google.revocationUrl()).isEqualTo("https://oauth2.googleapis.com/revoke");
        assertThat(google.clientAuth()).isEqualTo(ClientAuth.BODY);
    }

    @Test
    void notion_takes_a_json_request_from_a_user_owned_install() {
        OAuthEndpoints notion = BUILT_IN.find("notion").orElseThrow().oauth2();

        assertThat(notion.requestFormat()).isEqualTo(BodyFormat.JSON);
        assertThat(notion.clientAuth()).isEqualTo(ClientAuth.BASIC);
        assertThat(notion.authorizationParams()).isEqualTo(Map.of("owner", "user"));
    }

    @Test
    void slack_joins_scopes_with_commas_and_answers_the_bot_token_at_the_top_level() {
        OAuthEndpoints slack = BUILT_IN.find("slack").orElseThrow().oauth2();

        // Its scopes are sent as `scope` (bot scopes); authed_user holds a token only for a user_scope.
        assertThat(slack.scopeSeparator()).isEqualTo(",");
        assertThat(slack.tokenResponsePath()).isNull();
    }

    @Test
    void salesforce_calls_the_instance_its_token_response_names() {
        ProviderDescriptor salesforce = BUILT_IN.find("salesforce").orElseThrow();

        assertThat(salesforce.oauth2().connectionValues()).containsExactly("instance_url");
        assertThat(salesforce.oauth2().revocationUrl()).isEqualTo("{login_url}/services/oauth2/revoke");
        assertThat(salesforce.api().baseUrl()).isEqualTo("{connection.instance_url}/services/data");
    }

    @Test
    void every_built_in_url_is_https_or_a_placeholder() {
        for (ProviderDescriptor provider : BUILT_IN.all()) {
            OAuthEndpoints oauth2 = provider.oauth2();
            if (oauth2 != null) {
                for (String url : new String[] {oauth2.authorizationUrl(), oauth2.tokenUrl(), oauth2.refreshUrl(),
                        oauth2.revocationUrl(), oauth2.issuer()}) {
                    assertThat(url == null || url.startsWith("https://") || url.startsWith("{"))
                            .as(provider.slug() + ": " + url).isTrue();
                }
            }
            if (provider.api() != null) {
                assertThat(provider.api().baseUrl()).as(provider.slug()).matches("^(https://|\\{).*");
            }
        }
    }

    private ProviderDescriptor load() {
        return new CatalogLoader().load(dir).find("acme").orElseThrow();
    }

    private void assertRejected(String... problem) {
        assertThatThrownBy(() -> new CatalogLoader().load(dir))
                .isInstanceOf(InvalidDescriptorException.class)
                .hasMessageContaining(dir.resolve("acme.yaml").toString())
                .hasMessageContainingAll(problem);
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

package dev.patchbay.testing.oauth;

import dev.patchbay.catalog.ApiSpec;
import dev.patchbay.catalog.BodyFormat;
import dev.patchbay.catalog.CatalogLoader;
import dev.patchbay.catalog.ClientAuth;
import dev.patchbay.catalog.OAuthEndpoints;
import dev.patchbay.catalog.ProviderDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The descriptors written for a fake load through the real catalog and point at the fake. */
class FakeProviderDescriptorTest {
    @RegisterExtension
    final FakeOAuthExtension fake = new FakeOAuthExtension();

    @TempDir
    Path dir;

    @Test
    void a_default_fake_is_described_with_the_rfc_defaults_and_its_own_urls() {
        FakeOAuthServer oauth = fake.server();
        FakeProviderDescriptor.oauth2(oauth, "fake-oauth").writeInto(dir);

        ProviderDescriptor descriptor = load("fake-oauth");

        assertThat(descriptor.oauth2()).isEqualTo(new OAuthEndpoints(oauth.authorizationUrl(), oauth.tokenUrl(),
                ClientAuth.BASIC, BodyFormat.FORM, null, oauth.revocationUrl(), " ", true, Map.of(), Map.of(),
                null, oauth.issuer(), List.of()));
        assertThat(descriptor.api().baseUrl()).isEqualTo(oauth.apiBaseUrl());
    }

    @Test
    void a_slack_like_fake_is_described_as_it_behaves() {
        FakeOAuthServer oauth = fake.server();
        oauth.settings().clientAuth(ClientAuthMethod.POST).requestFormats(RequestFormat.JSON)
                .pkce(PkcePolicy.REFUSED).scopeSeparator(",").tokenResponsePath("authed_user")
                .extraTokenValues(Map.of("instance_url", "https://eu1.example.com"));
        FakeProviderDescriptor.oauth2(oauth, "fake-slack").issuer(null).withoutRevocation().withRefreshUrl()
                .authorizationParams(Map.of("prompt", "consent")).tokenParams(Map.of("audience", "api"))
                .connectionValues(List.of("instance_url")).writeInto(dir);

        OAuthEndpoints oauth2 = load("fake-slack").oauth2();

        assertThat(oauth2).isEqualTo(new OAuthEndpoints(oauth.authorizationUrl(), oauth.tokenUrl(), ClientAuth.BODY,
                BodyFormat.JSON, oauth.refreshUrl(), null, ",", false, Map.of("prompt", "consent"), Map.of("audience", "api"),
                "authed_user", null, List.of("instance_url")));
    }

    @Test
    void an_api_key_fake_puts_the_key_where_the_fake_reads_it() {
        FakeOAuthServer oauth = fake.server();
        FakeProviderDescriptor.apiKey(oauth, "fake-key").writeInto(dir);

        ApiSpec api = load("fake-key").api();

        assertThat(api).isEqualTo(new ApiSpec(oauth.apiBaseUrl(), Map.of("X-Api-Key", "{api_key}"), Map.of(), null));
    }

    private ProviderDescriptor load(String slug) {
        return new CatalogLoader().load(dir).find(slug).orElseThrow();
    }
}

package dev.patchbay.testing.oauth;

import dev.patchbay.testing.Browser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consent page works in a real Chromium: its buttons post the decision and the browser lands
 * on the client's redirect URI (here the fake's own echo endpoint, so no other server is needed).
 */
class FakeConsentPageBrowserTest {
    @RegisterExtension
    final FakeOAuthExtension fake = new FakeOAuthExtension();
    @RegisterExtension
    final Browser browser = new Browser();

    private FakeOAuthServer oauth;
    private String redirectUri;
    private OAuthTestCalls calls;

    @BeforeEach
    void ask_for_consent() {
        oauth = fake.server();
        redirectUri = oauth.apiBaseUrl() + "/echo/callback";
        oauth.registerClient(OAuthTestCalls.CLIENT_ID, OAuthTestCalls.CLIENT_SECRET, redirectUri);
        oauth.settings().consent(Consent.ASK);
        calls = new OAuthTestCalls(oauth);
    }

    @Test
    void approve_lands_on_the_redirect_uri_with_a_code_and_the_state() {
        Map<String, String> callback = clickAndLand("approve");

        assertThat(callback).containsEntry("state", "state-1").containsKey("code");
    }

    @Test
    void deny_lands_on_the_redirect_uri_with_access_denied() {
        Map<String, String> callback = clickAndLand("deny");

        assertThat(callback).containsEntry("error", "access_denied").doesNotContainKey("code");
    }

    private Map<String, String> clickAndLand(String button) {
        Map<String, String> params = calls.authorizeParams(calls.newVerifier());
        params.put("redirect_uri", redirectUri);
        ChromeDriver driver = browser.driver();
        driver.get(oauth.authorizationUrl() + "?" + OAuthTestCalls.form(params));
        assertThat(driver.findElement(By.id("client")).getText()).isEqualTo(OAuthTestCalls.CLIENT_ID);

        driver.findElement(By.id(button)).click();

        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().startsWith(redirectUri));
        return OAuthTestCalls.parse(URI.create(driver.getCurrentUrl()).getRawQuery());
    }
}

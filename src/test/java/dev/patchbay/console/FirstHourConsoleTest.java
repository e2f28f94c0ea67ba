package dev.patchbay.console;

import dev.patchbay.testing.Browser;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.ProviderStub;
import dev.patchbay.testing.StubDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a newcomer meets in the console: logos, a failure that looks like one, the state filter, a working hint. */
class FirstHourConsoleTest {
    private static final Path PROVIDERS = StubDescriptors.inTemporaryDirectory();

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(Map.of(
            "PATCHBAY_PROVIDERS_DIR", PROVIDERS.toString(),
            "PATCHBAY_VERIFY_ALLOW_PRIVATE", "true"));

    @RegisterExtension
    final Browser browser = new Browser();

    @RegisterExtension
    final ProviderStub stub = new ProviderStub();

    @Test
    void a_failed_verification_is_told_in_the_failure_colour_and_a_passed_one_in_the_success_colour() {
        setUpStubProvider();
        Console console = signedIn().openProvider(StubDescriptors.API_KEY);

        stub.answer(401, "{}");
        assertThat(console.verify()).startsWith("Verification failed (rejected): ");
        WebElement failed = console.waitFor(By.id("form-message"));
        assertThat(failed.getAttribute("class")).contains("bad");
        String failureColour = failed.getCssValue("color");

        stub.answer(200, "{}");
        assertThat(console.verify()).startsWith("Verified: ");
        WebElement passed = console.waitFor(By.id("form-message"));
        assertThat(passed.getAttribute("class")).doesNotContain("bad");
        assertThat(passed.getCssValue("color")).isNotEqualTo(failureColour);
        assertThat(failureColour).isEqualTo(console.waitFor(By.id("form-alert")).getCssValue("color"));
    }

    @Test
    void the_state_filter_finds_the_providers_whose_verification_failed() {
        setUpStubProvider();
        stub.answer(401, "{}");
        assertThat(server.api().verify(StubDescriptors.API_KEY).data().get("ok").asBoolean()).isFalse();
        server.api().setup("github", "{\"client_id\":\"Iv1.abc\",\"client_secret\":\"" + server.secret("gh") + "\"}");
        Console console = signedIn();

        console.filter("", "", "", "verification-failed");

        assertThat(console.listedSlugs()).containsExactly(StubDescriptors.API_KEY);
        assertThat(console.currentUrl()).endsWith("#/providers?last_verification=failed");
        assertThat(console.badgeOf(StubDescriptors.API_KEY)).isEqualTo("Verification failed");
    }

    @Test
    void providers_with_a_logo_show_it_with_alt_text_and_the_others_their_initial() {
        Console console = signedIn();
        console.open("#/providers?q=github");

        WebElement github = console.waitFor(By.cssSelector("li[data-slug=github] img.logo"));
        assertThat(github.getAttribute("alt")).isEqualTo("GitHub logo");
        console.waitUntil(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                .executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0", github)));

        console.open("#/providers?q=acme-key");
        WebElement initial = console.waitFor(By.cssSelector("li[data-slug=acme-key] .logo.initial"));
        assertThat(initial.getAttribute("aria-hidden")).isEqualTo("true");
        assertThat(initial.getAttribute("data-initial")).isEqualTo("A");
    }

    @Test
    void the_sign_in_hint_is_a_command_that_works_as_written() {
        Console console = new Console(browser, server.server()).open("#/");

        assertThat(console.textOf(By.id("api-key-help"))).contains("bin/patchbay keys create --name NAME");
    }

    private void setUpStubProvider() {
        assertThat(server.api().setup(StubDescriptors.API_KEY, "{\"api_key\":\"" + server.secret("key")
                + "\",\"base_url\":\"" + stub.baseUrl() + "\"}").status()).isEqualTo(200);
    }

    private Console signedIn() {
        return new Console(browser, server.server()).signIn(server.server().adminKey());
    }
}

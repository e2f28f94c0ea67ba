package dev.patchbay.console;

import dev.patchbay.testing.Browser;
import dev.patchbay.testing.PatchbayServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Keyboard-only use, a 320 px wide screen, labels on every control; and the README's picture. */
class AccessibleConsoleTest {
    private static final String OVERFLOW = "return document.documentElement.scrollWidth > window.innerWidth";
    private static final String UNLABELLED = "return [...document.querySelectorAll('input, select, textarea')]"
            + ".filter(e => e.labels.length === 0).map(e => e.name || e.id)";

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    @RegisterExtension
    final Browser browser = new Browser();

    @Test
    void a_provider_is_set_up_and_the_reset_dialog_dismissed_with_the_keyboard_alone() {
        Console console = new Console(browser, server.server()).open("");
        console.typeKey(server.server().adminKey()); // typed, then Enter
        WebElement firstPage = console.waitFor(By.id("providers"));
        console.waitFor(By.id("filter-q")).sendKeys("github", Keys.ENTER); // the catalog has several pages
        console.waitUntil(d -> Console.isStale(firstPage));
        WebElement link = console.waitFor(By.cssSelector("li.provider[data-slug='github'] a"));
        link.sendKeys(Keys.ENTER);
        console.waitFor(By.id("setup-form"));
        assertThat(focused(console)).isEqualTo("H1");

        console.field("client_id").sendKeys("Iv1.keys", Keys.TAB);
        assertThat(console.driver().switchTo().activeElement().getAttribute("name")).isEqualTo("client_secret");
        new Actions(console.driver()).sendKeys(server.secret("github"), Keys.ENTER).perform();
        assertThat(console.textOf(By.id("form-message"))).isEqualTo("Saved: the setup is at revision 1.");

        console.waitFor(By.id("reset")).sendKeys(Keys.ENTER);
        console.waitUntil(d -> d.findElement(By.id("reset-dialog")).isDisplayed());
        assertThat(console.driver().switchTo().activeElement().getAttribute("id")).isEqualTo("reset-cancel");
        new Actions(console.driver()).sendKeys(Keys.ESCAPE).perform();
        console.waitUntil(d -> !d.findElement(By.id("reset-dialog")).isDisplayed());
        assertThat(server.api().provider("github").data().get("setup_complete").asBoolean()).isTrue();
    }

    @Test
    void at_320_px_nothing_scrolls_sideways_and_every_control_has_a_label() {
        browser.resize(320, 800);
        Console console = new Console(browser, server.server()).signIn(server.server().adminKey());
        assertThat(console.script(OVERFLOW)).as("the list").isEqualTo(false);
        assertThat(console.script(UNLABELLED)).as("unlabelled controls on the list").asList().isEmpty();

        console.openProvider("salesforce");

        assertThat(console.script(OVERFLOW)).as("a provider page").isEqualTo(false);
        assertThat(console.script(UNLABELLED)).as("unlabelled controls on a provider page").asList().isEmpty();
    }

    @Test
    void the_readme_picture_is_a_real_provider_page() throws Exception {
        server.api().setup("slack", "{\"client_id\":\"1234.5678\",\"client_secret\":\"" + server.secret("slack") + "\"}");
        server.api().setup("github", "{\"client_id\":\"Iv1.8a61f9b3a7aba766\",\"client_secret\":\""
                + server.secret("github") + "\",\"scopes\":[\"repo\",\"read:org\"]}");
        server.api().send("PATCH", "/v1/admin/connector-providers/github/setup",
                "{\"redirect_uri\":\"https://app.example.com/oauth/github\"}", "application/merge-patch+json", java.util.Map.of());
        browser.resize(1100, 1400);
        Console console = new Console(browser, server.server()).signIn(server.server().adminKey());
        console.openProvider("github");
        console.auditLines();

        Path picture = browser.screenshot("console");

        assertThat(Files.size(picture)).isGreaterThan(10_000);
    }

    private static String focused(Console console) {
        return console.driver().switchTo().activeElement().getTagName().toUpperCase(java.util.Locale.ROOT);
    }
}

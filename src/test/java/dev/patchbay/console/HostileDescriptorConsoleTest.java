package dev.patchbay.console;

import dev.patchbay.testing.Browser;
import dev.patchbay.testing.PatchbayServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Markup in a descriptor (an operator's file) or in an error message is shown as the text it is:
 * nothing of it becomes an element, runs, or turns into a link.
 */
class HostileDescriptorConsoleTest {
    private static final String INJECTED = "return document.querySelectorAll("
            + "'main img, main script, main b, main i, main u, main em, main a[href^=javascript]').length";

    @TempDir
    static Path providers;

    @BeforeAll
    static void writeDescriptors() {
        ConsoleDescriptors.writeInto(providers);
    }

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(Map.of("PATCHBAY_PROVIDERS_DIR", providers.toString()));

    @RegisterExtension
    final Browser browser = new Browser();

    @Test
    void markup_in_the_list_renders_as_text() {
        Console console = new Console(browser, server.server()).signIn(server.server().adminKey());

        console.filter("claims", "", "", "");

        assertThat(console.listedSlugs()).containsExactly(ConsoleDescriptors.MARKUP);
        String item = console.textOf(By.cssSelector("li.provider[data-slug='acme-markup']"));
        assertThat(item).contains(ConsoleDescriptors.MARKUP_NAME, ConsoleDescriptors.MARKUP_DESCRIPTION);
        assertThat(console.script(INJECTED)).isEqualTo(0L);
        assertThat(console.script("return document.title")).isEqualTo("Patchbay console");
    }

    @Test
    void markup_on_the_provider_page_and_in_a_validation_message_renders_as_text() {
        Console console = new Console(browser, server.server()).signIn(server.server().adminKey());
        console.openProviderFromList(ConsoleDescriptors.MARKUP);

        console.type("code", "42");
        console.save();

        assertThat(console.textOf(By.tagName("h1"))).isEqualTo(ConsoleDescriptors.MARKUP_NAME);
        assertThat(console.textOf(By.cssSelector("main"))).contains(ConsoleDescriptors.MARKUP_DESCRIPTION,
                "<i>scope</i>", "<a href=\"javascript:alert(1)\">click</a>", "<u>Code</u>", "<em>help</em>");
        assertThat(console.fieldError("code")).contains("<b>");
        assertThat(console.script(INJECTED)).isEqualTo(0L);
        assertThat(console.script("return document.title")).isEqualTo("Patchbay console");
    }
}

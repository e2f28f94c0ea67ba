package dev.patchbay.console;

import dev.patchbay.auth.KeyScope;
import dev.patchbay.testing.Browser;
import dev.patchbay.testing.PatchbayServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/** A read key gets a console that shows everything and offers no change, saying why. */
class ReadOnlyConsoleTest {
    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    @RegisterExtension
    final Browser browser = new Browser();

    @Test
    void a_read_key_sees_the_setup_and_its_changes_with_every_write_disabled_and_the_reason_shown() {
        assertThat(server.api().setup("github", "{\"client_id\":\"Iv1.read\",\"client_secret\":\""
                + server.secret("github") + "\"}").status()).isEqualTo(200);
        String readKey = server.server().patchbay().keys().create("dashboard", KeyScope.READ);
        Console console = new Console(browser, server.server()).signIn(readKey);
        assertThat(console.signedInAs()).isEqualTo("dashboard (read only)");

        console.openProvider("github");

        assertThat(console.field("client_id").getAttribute("value")).isEqualTo("Iv1.read");
        for (String control : new String[] {"client_id", "client_secret", "scopes", "redirect_uri"}) {
            assertThat(console.field(control).isEnabled()).as(control).isFalse();
        }
        for (String button : new String[] {"save", "verify", "reset", "verify-first"}) {
            assertThat(console.isEnabled(By.id(button))).as(button).isFalse();
        }
        assertThat(console.textOf(By.id("read-only-note"))).startsWith("Your key has the read scope");
        assertThat(console.waitFor(By.id("save")).getAttribute("aria-describedby")).isEqualTo("read-only-note");
        assertThat(console.auditLines()).hasSize(1);
    }
}

package dev.patchbay.console;

import dev.patchbay.auth.KeyScope;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.Browser;
import dev.patchbay.testing.PatchbayServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/** Signing in to the console with a key, and out again; the key lives in the tab's sessionStorage only. */
class SignInConsoleTest {
    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    @RegisterExtension
    final Browser browser = new Browser();

    @Test
    void signing_in_with_a_key_shows_its_name_and_the_catalog() {
        String key = server.server().patchbay().keys().create("ops-admin", KeyScope.ADMIN);
        Console console = new Console(browser, server.server());

        int total = server.api().get(Api.PROVIDERS + "?limit=1").json().at("/meta/total").asInt();

        console.signIn(key);

        assertThat(console.signedInAs()).isEqualTo("ops-admin (admin)");
        assertThat(console.listedSlugs()).hasSize(25).startsWith("activecampaign", "aircall", "airtable");
        assertThat(console.resultCount()).isEqualTo(total + " providers match; this page shows 25.");
        assertThat(console.currentUrl()).doesNotContain(key);
        assertThat(console.script("return localStorage.length")).isEqualTo(0L);
        assertThat(console.inputValues()).doesNotContain(key);
    }

    @Test
    void a_wrong_key_is_refused_on_the_form_and_nothing_is_kept() {
        Console console = new Console(browser, server.server()).open("");

        console.typeKey("pb_not-a-key-this-server-made");

        assertThat(console.signInError()).isEqualTo("That key is unknown or revoked.");
        assertThat(console.webStorage()).doesNotContain("pb_not-a-key");
    }

    @Test
    void the_key_survives_a_reload_of_the_tab_and_sign_out_forgets_it() {
        Console console = new Console(browser, server.server()).signIn(server.server().adminKey());

        console.open("#/providers/github");
        assertThat(console.textOnceItReads(By.tagName("h1"), "GitHub")).isEqualTo("GitHub");

        console.signOut();
        assertThat(console.webStorage()).doesNotContain(server.server().adminKey());
        console.open("#/providers/github");
        assertThat(console.waitFor(By.id("api-key")).isDisplayed()).isTrue();
    }

    @Test
    void a_key_revoked_while_the_page_is_open_sends_the_user_back_to_sign_in() {
        String key = server.server().patchbay().keys().create("temp", KeyScope.ADMIN);
        Console console = new Console(browser, server.server()).signIn(key);
        console.filter("github", "", "", "");

        server.server().patchbay().keys().revoke("temp");
        console.waitFor(By.cssSelector("li.provider[data-slug='github'] a")).click();

        assertThat(console.signInError()).contains("no longer accepted");
        assertThat(console.webStorage()).doesNotContain(key);
    }
}

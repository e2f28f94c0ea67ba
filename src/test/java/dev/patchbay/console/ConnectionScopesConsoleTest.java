package dev.patchbay.console;

import dev.patchbay.auth.KeyScope;
import dev.patchbay.testing.Browser;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.oauth.FakeOAuthExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.patchbay.console.ConnectionFixture.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each key sees of connections: a read key everything and no change, a connect key only the
 * connections; the overview; owners and tags shown as text whatever they hold; the README's picture.
 */
class ConnectionScopesConsoleTest {
    /** Markup that would run a script, or at least draw an element, if it were ever parsed as HTML. */
    private static final String MARKUP = "<img src=x onerror=\"window.pwned=1\"><b>bold</b>";
    private static final String NOTHING_RAN = "return window.pwned === undefined"
            + " && document.querySelectorAll('main img:not(.logo), main b').length === 0";
    private static final String OVERFLOW = "return document.documentElement.scrollWidth > window.innerWidth";
    private static final String UNLABELLED = "return [...document.querySelectorAll('input, select, textarea')]"
            + ".filter(e => e.labels.length === 0).map(e => e.name || e.id)";

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(ConnectionFixture.ENV);

    @RegisterExtension
    final FakeOAuthExtension oauth = new FakeOAuthExtension();

    @RegisterExtension
    final Browser browser = new Browser();

    @Test
    void a_read_key_sees_connections_and_the_provider_with_every_change_disabled_and_the_reason_shown() {
        ConnectionFixture fixture = new ConnectionFixture(server, oauth.server());
        fixture.setUp();
        String id = fixture.importConnection("user-3", Map.of("space_id", "7"));
        String readKey = server.server().patchbay().keys().create("dashboard", KeyScope.READ);
        Console console = new Console(browser, server.server()).signIn(readKey);
        ConnectionsView view = new ConnectionsView(console);

        console.open("#/connections");
        assertThat(view.listedIds()).containsExactly(id);
        assertThat(console.driver().findElements(By.id("connect-form"))).as("no connect form on the list").isEmpty();
        view.openConnection(id);
        assertThat(view.button("disconnect").isEnabled()).isFalse();
        assertThat(view.button("disconnect").getAttribute("aria-describedby")).isEqualTo("connection-note");
        assertThat(console.textOf(By.id("connection-note"))).startsWith("Your key has the read scope");

        console.openProvider(PROVIDER);
        assertThat(console.waitFor(By.id("connect-start")).isEnabled()).isFalse();
        assertThat(console.waitFor(By.id("connect-owner")).getAttribute("aria-describedby")).contains("read-only-note");
        assertThat(console.textOf(By.id("connection-counts"))).startsWith("1 active, 0 needing re-auth.");
    }

    @Test
    void a_connect_key_sees_only_connections_and_may_disconnect() {
        ConnectionFixture fixture = new ConnectionFixture(server, oauth.server());
        fixture.setUp();
        String id = fixture.importConnection("user-4", Map.of());
        String connectKey = server.server().patchbay().keys().create("backend", KeyScope.CONNECT);
        Console console = new Console(browser, server.server()).open("#/");
        console.typeKey(connectKey);
        ConnectionsView view = new ConnectionsView(console);

        assertThat(view.listedIds()).containsExactly(id);
        assertThat(console.currentUrl()).endsWith("#/connections");
        assertThat(console.signedInAs()).isEqualTo("backend (connect: connections only)");
        List<String> entries = console.driver().findElements(By.cssSelector("#nav a")).stream()
                .filter(WebElement::isDisplayed).map(WebElement::getText).toList();
        assertThat(entries).containsExactly("Connections");
        assertThat(console.waitFor(By.id("connect-start")).isEnabled()).isTrue();
        console.open("#/providers/" + PROVIDER);
        assertThat(console.textOnceItReads(By.tagName("h1"), "Connections")).isEqualTo("Connections");

        view.openConnection(id);
        view.disconnect();

        assertThat(view.connectionMessage()).isEqualTo("Disconnected: the tokens are destroyed.");
        assertThat(fixture.connection(id).get("status").asText()).isEqualTo("disconnected");
    }

    @Test
    void markup_in_an_owner_and_in_tags_is_shown_as_text_and_never_runs() {
        ConnectionFixture fixture = new ConnectionFixture(server, oauth.server());
        fixture.setUp();
        String id = fixture.importConnection(MARKUP, Map.of("note", MARKUP, "<i>key</i>", "plain"));
        Console console = new Console(browser, server.server()).signIn(server.server().adminKey());
        ConnectionsView view = new ConnectionsView(console);

        console.open("#/connections");
        assertThat(view.listedIds()).containsExactly(id);
        assertThat(console.textOf(By.cssSelector("li.connection .owner"))).isEqualTo(MARKUP);
        assertThat(console.textOf(By.cssSelector("li.connection .tags"))).contains("note: " + MARKUP, "<i>key</i>: plain");
        assertThat(console.script(NOTHING_RAN)).isEqualTo(true);

        view.openConnection(id);
        assertThat(console.textOf(By.tagName("h1"))).isEqualTo(MARKUP);
        assertThat(console.textOf(By.id("connection-facts"))).contains("note: " + MARKUP);
        assertThat(console.script(NOTHING_RAN)).isEqualTo(true);
    }

    @Test
    void the_overview_is_the_first_page_with_a_bar_per_provider_and_the_latest_refresh_failure() {
        ConnectionFixture fixture = new ConnectionFixture(server, oauth.server());
        fixture.setUp();
        fixture.importConnection("user-1", Map.of());
        String refused = fixture.importConnection("user-2", Map.of());
        fixture.refuseRefresh(refused);
        Console console = new Console(browser, server.server()).open("#/");
        console.typeKey(server.server().adminKey());

        assertThat(console.textOnceItReads(By.tagName("h1"), "Overview")).isEqualTo("Overview");
        assertThat(console.textOf(By.id("provider-stats"))).contains("1 set up", "0 verified", "0 failing verification");
        assertThat(console.textOf(By.cssSelector("#connection-bars li[data-slug='" + PROVIDER + "']")))
                .contains("1 active, 1 needing re-auth");
        WebElement failure = console.waitFor(By.cssSelector("#refresh-failures li a[href^='#/connections/']"));
        assertThat(failure.getAttribute("href")).endsWith("#/connections/" + refused);
        assertThat(console.textOf(By.id("overview-webhooks"))).contains("Webhook deliveries");

        failure.click();
        assertThat(console.textOnceItReads(By.tagName("h1"), "user-2")).isEqualTo("user-2");
    }

    @Test
    void at_320_px_the_connection_pages_do_not_scroll_sideways_and_every_control_has_a_label() {
        ConnectionFixture fixture = new ConnectionFixture(server, oauth.server());
        fixture.setUp();
        String id = fixture.importConnection("user-with-a-rather-long-owner-id-0123456789", Map.of("space_id", "7a5f3b1d-8e2c"));
        browser.resize(320, 800);
        Console console = new Console(browser, server.server()).signIn(server.server().adminKey());

        Map<String, String> pages = new java.util.LinkedHashMap<>();
        pages.put("#/", "overview-webhooks");
        pages.put("#/connections", "connection-count");
        pages.put("#/connections/" + id, "connection-facts");
        pages.put("#/providers/" + PROVIDER, "connect-form");
        pages.forEach((hash, element) -> {
            console.open(hash);
            console.waitFor(By.id(element));
            assertThat(console.script(OVERFLOW)).as(hash).isEqualTo(false);
            assertThat(console.script(UNLABELLED)).as(hash).asList().isEmpty();
        });
    }

    @Test
    void the_readme_picture_is_a_real_connections_page() throws Exception {
        ConnectionFixture fixture = new ConnectionFixture(server, oauth.server());
        fixture.setUp();
        fixture.importConnection("user-42", Map.of("space_id", "7a5f3b1d", "collection_id", "9c8d7e6f"));
        fixture.importConnection("user-57", Map.of("space_id", "7a5f3b1d"));
        fixture.refuseRefresh(fixture.importConnection("tenant-acme", Map.of("plan", "team")));
        fixture.importConnection("user-61", Map.of());
        browser.resize(1100, 1100);
        Console console = new Console(browser, server.server()).signIn(server.server().adminKey());
        ConnectionsView view = new ConnectionsView(console);
        console.open("#/connections");
        assertThat(view.listedIds()).hasSize(4);

        Path picture = browser.screenshot("console-connections");

        assertThat(Files.size(picture)).isGreaterThan(10_000);
    }
}

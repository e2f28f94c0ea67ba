package dev.patchbay.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.testing.Browser;
import dev.patchbay.testing.FakeClock;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.oauth.FakeOAuthExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static dev.patchbay.console.ConnectionFixture.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connecting accounts from the console in Chromium against the fake OAuth server's consent page:
 * through the popup, declined, blocked, expired; reconnecting, disconnecting, and a reset.
 */
class ConnectionsConsoleTest {
    final FakeClock clock = new FakeClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(ConnectionFixture.ENV, clock);

    @RegisterExtension
    final FakeOAuthExtension oauth = new FakeOAuthExtension();

    @RegisterExtension
    final Browser browser = new Browser();

    @Test
    void a_provider_set_up_in_the_console_connects_an_account_through_the_popup() {
        ConnectionFixture fixture = new ConnectionFixture(server, oauth.server());
        String secret = fixture.registerClient();
        Console console = new Console(browser, server.server()).signIn(server.server().adminKey()).openProvider(PROVIDER);
        console.type("client_id", ConnectionFixture.CLIENT_ID);
        console.type("client_secret", secret);
        console.type("base_url", oauth.server().baseUrl());
        assertThat(console.save()).isEqualTo("Saved: the setup is at revision 1.");
        assertThat(console.waitFor(By.id("callback-url")).getAttribute("value"))
                .isEqualTo(server.server().baseUrl() + ConnectionFixture.CALLBACK);
        ConnectionsView view = new ConnectionsView(console);

        view.startConnecting("user-42", "space_id=7\nteam = blue");
        view.decideInPopup("approve");

        assertThat(view.connectResult()).isEqualTo("Connected: user-42 at " + PROVIDER + " is active.");
        JsonNode connection = fixture.connectionsOf("user-42").get(0);
        assertThat(connection.get("status").asText()).isEqualTo("active");
        assertThat(connection.get("tags").properties()).hasSize(2);
        assertThat(connection.at("/tags/space_id").asText()).isEqualTo("7");
        assertThat(connection.at("/tags/team").asText()).isEqualTo("blue");
        assertThat(console.textOf(By.id("connection-counts"))).startsWith("1 active, 0 needing re-auth.");
        console.waitFor(By.id("connect-new")).click();
        assertThat(console.textOnceItReads(By.tagName("h1"), "user-42")).isEqualTo("user-42");
        assertThat(view.pageBadge()).isEqualTo("Active");
        assertThat(console.textOf(By.id("connection-facts"))).contains(connection.get("id").asText(), "space_id: 7");
        assertThat(console.pageSource()).doesNotContain("sekret-");
    }

    @Test
    void a_declined_consent_says_so_and_connects_nothing() {
        ConnectionFixture fixture = new ConnectionFixture(server, oauth.server());
        fixture.setUp();
        Console console = new Console(browser, server.server()).signIn(server.server().adminKey()).openProvider(PROVIDER);
        ConnectionsView view = new ConnectionsView(console);

        view.startConnecting("user-7", "");
        view.decideInPopup("deny");

        assertThat(view.connectResult()).startsWith("Consent was declined at the provider");
        assertThat(fixture.connectionsOf("user-7")).isEmpty();
    }

    @Test
    void a_blocked_popup_is_said_so_and_starts_no_session() {
        new ConnectionFixture(server, oauth.server()).setUp();
        Console console = new Console(browser, server.server()).signIn(server.server().adminKey()).openProvider(PROVIDER);
        console.script("window.open = () => null;"); // what a popup blocker makes of the call

        new ConnectionsView(console).startConnecting("user-8", "");

        assertThat(new ConnectionsView(console).connectResult()).startsWith("The browser blocked the popup.");
        assertThat(oauth.server().authorizeRequests()).isEmpty();
    }

    @Test
    void a_session_that_expires_on_the_consent_page_says_start_again() {
        ConnectionFixture fixture = new ConnectionFixture(server, oauth.server());
        fixture.setUp();
        Console console = new Console(browser, server.server()).signIn(server.server().adminKey()).openProvider(PROVIDER);
        ConnectionsView view = new ConnectionsView(console);
        view.startConnecting("user-9", "");
        console.waitUntil(d -> oauth.server().authorizeRequests().isEmpty() ? null : true);

        clock.advance(Duration.ofMinutes(11));
        view.decideInPopup("approve");

        assertThat(view.connectResult()).startsWith("The connect session expired");
        assertThat(fixture.connectionsOf("user-9")).isEmpty();
    }

    @Test
    void a_connection_that_needs_reauth_is_reconnected_through_the_popup_and_keeps_its_id() {
        ConnectionFixture fixture = new ConnectionFixture(server, oauth.server());
        fixture.setUp();
        String id = fixture.importConnection("user-5", Map.of());
        fixture.refuseRefresh(id);
        Console console = new Console(browser, server.server()).signIn(server.server().adminKey());
        ConnectionsView view = new ConnectionsView(console);
        console.open("#/connections?status=needs_reauth");
        assertThat(view.listedIds()).containsExactly(id);
        assertThat(view.badgeOf(id)).isEqualTo("Needs re-auth");
        view.openConnection(id);
        assertThat(console.textOf(By.id("last-error"))).startsWith("invalid_grant");

        view.button("reconnect").sendKeys(Keys.ENTER); // the keyboard's activation opens the popup too
        view.decideInPopup("approve");

        assertThat(view.connectionMessage()).isEqualTo("Reconnected: the connection has new tokens.");
        assertThat(view.pageBadge()).isEqualTo("Active");
        assertThat(fixture.connection(id).get("status").asText()).isEqualTo("active");
        assertThat(console.driver().findElements(By.id("reconnect"))).isEmpty();
    }

    @Test
    void disconnect_asks_first_then_shows_the_connection_disconnected() {
        ConnectionFixture fixture = new ConnectionFixture(server, oauth.server());
        fixture.setUp();
        String id = fixture.importConnection("user-6", Map.of());
        Console console = new Console(browser, server.server()).signIn(server.server().adminKey());
        ConnectionsView view = new ConnectionsView(console);
        view.openConnection(id);

        view.button("disconnect").sendKeys(Keys.ENTER);
        console.waitUntil(d -> d.findElement(By.id("disconnect-dialog")).isDisplayed());
        assertThat(console.driver().switchTo().activeElement().getAttribute("id")).isEqualTo("disconnect-cancel");
        new Actions(console.driver()).sendKeys(Keys.ESCAPE).perform();
        console.waitUntil(d -> !d.findElement(By.id("disconnect-dialog")).isDisplayed());
        assertThat(fixture.connection(id).get("status").asText()).isEqualTo("active");
        view.disconnect();

        assertThat(view.connectionMessage()).isEqualTo("Disconnected: the tokens are destroyed.");
        assertThat(view.pageBadge()).isEqualTo("Disconnected");
        assertThat(fixture.connection(id).get("status").asText()).isEqualTo("disconnected");
        assertThat(console.driver().findElements(By.id("disconnect"))).isEmpty();
    }

    @Test
    void reset_says_how_many_connections_it_disconnects_and_they_show_disconnected() {
        ConnectionFixture fixture = new ConnectionFixture(server, oauth.server());
        fixture.setUp();
        String first = fixture.importConnection("user-1", Map.of());
        String second = fixture.importConnection("user-2", Map.of());
        fixture.refuseRefresh(second);
        Console console = new Console(browser, server.server()).signIn(server.server().adminKey()).openProvider(PROVIDER);

        console.clickReset();
        assertThat(console.textOf(By.id("reset-text")))
                .endsWith("It disconnects its 2 connections (1 active, 1 needing re-auth): their tokens are destroyed too.");
        assertThat(console.confirmReset()).startsWith("Reset");

        ConnectionsView view = new ConnectionsView(console);
        console.open("#/connections?provider_slug=" + PROVIDER);
        assertThat(view.listedIds()).containsExactlyInAnyOrder(first, second);
        assertThat(view.badgeOf(first)).isEqualTo("Disconnected");
        assertThat(view.badgeOf(second)).isEqualTo("Disconnected");
    }
}

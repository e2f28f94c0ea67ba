package dev.patchbay.console;

import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.Browser;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The console lists webhook endpoints, never their secrets, with their recent deliveries. */
class WebhookConsoleTest {
    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(Map.of(
            "PATCHBAY_VERIFY_ALLOW_PRIVATE", "true", "PATCHBAY_WEBHOOK_POLL_MS", "20"));

    @RegisterExtension
    final WebhookReceiver receiver = new WebhookReceiver();

    @RegisterExtension
    final Browser browser = new Browser();

    @Test
    void the_webhooks_page_shows_an_endpoint_and_its_delivery() {
        ApiResponse created = server.api().postJson("/v1/admin/webhook-endpoints", "{\"url\":\"" + receiver.url()
                + "\",\"events\":[\"provider.setup\"],\"description\":\"the app\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String secret = created.data().get("secret").asText();
        assertThat(server.api().setup("github", "{\"client_id\":\"Iv1.hook\",\"client_secret\":\""
                + server.secret("github") + "\"}").status()).isEqualTo(200);
        receiver.await(received -> received.size() == 1, Duration.ofSeconds(15));
        String id = created.data().get("id").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        // The receiver has answered; the page reads the log once, so wait until the answer is recorded.
        while (!server.api().get("/v1/admin/webhook-endpoints/" + id + "/deliveries").body().contains("\"delivered\"")) {
            assertThat(System.nanoTime()).as("the delivery is recorded in time").isLessThan(deadline);
        }

        Console console = new Console(browser, server.server()).signIn(server.server().adminKey());
        browser.driver().findElement(By.id("nav-webhooks")).click();

        String endpoint = console.waitFor(By.cssSelector("li.webhook h2")).getText();
        assertThat(endpoint).isEqualTo(receiver.url());
        String delivery = console.waitUntil(d -> {
            var items = d.findElements(By.cssSelector("li.delivery[data-status='delivered']"));
            return items.isEmpty() ? null : items.get(0).getText();
        });
        assertThat(delivery).contains("provider.setup").contains("github").contains("HTTP 200");
        assertThat(browser.driver().getPageSource()).doesNotContain(secret);
    }

    @Test
    void the_overview_lists_a_delivery_the_receiver_refuses() {
        receiver.answer(attempt -> 500);
        ApiResponse created = server.api().postJson("/v1/admin/webhook-endpoints", "{\"url\":\"" + receiver.url()
                + "\",\"events\":[\"provider.setup\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(server.api().setup("github", "{\"client_id\":\"Iv1.hook\",\"client_secret\":\""
                + server.secret("github") + "\"}").status()).isEqualTo(200);
        receiver.await(received -> !received.isEmpty(), Duration.ofSeconds(15));
        String id = created.data().get("id").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        // The refusal is recorded after the receiver answers; the page reads the log once.
        while (!server.api().get("/v1/admin/webhook-endpoints/" + id + "/deliveries").body().contains("\"last_status\":500")) {
            assertThat(System.nanoTime()).as("the refusal is recorded in time").isLessThan(deadline);
        }

        Console console = new Console(browser, server.server()).signIn(server.server().adminKey()).open("#/");
        String failure = console.waitUntil(d -> {
            var items = d.findElements(By.cssSelector("#overview-webhook-failures li"));
            return items.isEmpty() ? null : items.get(0).getText();
        });
        assertThat(failure).contains("provider.setup").contains(receiver.url()).contains("pending").contains("HTTP 500");
        assertThat(browser.driver().findElement(By.cssSelector("#overview-webhook-failures a")).getAttribute("href"))
                .endsWith("#/webhooks");
    }
}

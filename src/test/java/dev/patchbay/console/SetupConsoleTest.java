package dev.patchbay.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.Browser;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.ProviderStub;
import dev.patchbay.testing.StubDescriptors;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Setting a provider up through the form generated from its config_schema, changing one field (PATCH
 * with If-Match), losing a race (412), and resetting; what the API then holds is checked through the API.
 */
class SetupConsoleTest {
    private static final String MASK = "********";

    private static final Path PROVIDERS = ConsoleDescriptors.writeInto(StubDescriptors.inTemporaryDirectory());

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(Map.of(
            "PATCHBAY_PROVIDERS_DIR", PROVIDERS.toString(),
            "PATCHBAY_VERIFY_ALLOW_PRIVATE", "true"));

    @RegisterExtension
    final Browser browser = new Browser();

    @RegisterExtension
    final ProviderStub stub = new ProviderStub();

    @Test
    void a_first_setup_through_the_generated_form_stores_every_field_and_leaves_no_secret_on_the_page() {
        String secret = server.secret("github");
        Console console = signedIn();
        console.openProviderFromList("github");
        assertThat(console.field("client_secret").getAttribute("type")).isEqualTo("password");
        assertThat(console.field("redirect_uri").getAttribute("type")).isEqualTo("url");
        assertThat(console.field("client_id").getAttribute("aria-required")).isEqualTo("true");

        console.type("client_id", "Iv1.console");
        console.type("client_secret", secret);
        console.type("scopes", "repo\nread:org\n");
        console.type("redirect_uri", "https://app.example.com/callback");
        String outcome = console.save();

        assertThat(outcome).isEqualTo("Saved: the setup is at revision 1.");
        JsonNode config = server.api().provider("github").data().at("/setup/config");
        assertThat(config.get("client_id").asText()).isEqualTo("Iv1.console");
        assertThat(config.get("client_secret").asText()).isEqualTo(MASK);
        assertThat(config.get("scopes")).hasSize(2);
        assertThat(config.get("scopes").get(1).asText()).isEqualTo("read:org");
        assertThat(config.get("redirect_uri").asText()).isEqualTo("https://app.example.com/callback");
        assertThat(console.setupState()).startsWith("Revision 1, updated");
        assertThat(console.field("client_secret").getAttribute("placeholder")).isEqualTo("stored — leave empty to keep");
        assertThat(console.fieldHelp("client_secret")).contains("Stored — leave empty to keep it.");
        assertThat(console.pageSource()).doesNotContain(secret);
        assertThat(console.inputValues()).doesNotContain(secret);
        assertThat(console.webStorage()).doesNotContain(secret);
        assertThat(console.currentUrl()).doesNotContain(secret);
        assertThat(console.auditLines().get(0)).contains("Set up by ", "revision 1", "client_id", "client_secret");
    }

    @Test
    void a_422_puts_each_message_next_to_its_field_and_stores_nothing() {
        String secret = server.secret("github");
        Console console = signedIn().openProvider("github");

        console.type("client_secret", secret);
        console.type("redirect_uri", "http://plain.example.com/callback");
        String outcome = console.save();

        assertThat(outcome).startsWith("Not saved: 2 problems are shown next to the fields.");
        assertThat(console.fieldError("client_id")).isNotEmpty();
        assertThat(console.fieldError("redirect_uri")).isNotEmpty();
        assertThat(console.field("redirect_uri").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(console.driver().switchTo().activeElement().getAttribute("name")).isEqualTo("client_id");
        assertThat(console.pageSource()).doesNotContain(secret);
        assertThat(server.api().provider("github").data().get("setup_complete").asBoolean()).isFalse();
    }

    @Test
    void changing_one_field_sends_only_that_field_and_keeps_the_stored_secret() throws InterruptedException {
        String secret = server.secret("oauth");
        setUpOauthStub(secret);
        Console console = signedIn().openProvider(StubDescriptors.OAUTH);
        assertThat(console.field("client_secret").getAttribute("value")).isNullOrEmpty();

        console.type("client_id", "client-after");
        String outcome = console.save();

        assertThat(outcome).isEqualTo("Saved: the setup is at revision 2.");
        JsonNode events = server.api().get("/v1/admin/audit-events?provider_slug=" + StubDescriptors.OAUTH).json().get("data");
        assertThat(events.get(0).get("action").asText()).isEqualTo("provider.updated");
        assertThat(events.get(0).get("changed_fields").toString()).isEqualTo("[\"client_id\"]");
        stub.answer(400, "{\"error\":\"invalid_grant\"}");
        assertThat(server.api().verify(StubDescriptors.OAUTH).data().get("ok").asBoolean()).isTrue();
        RecordedRequest exchange = stub.takeRequest();
        assertThat(exchange.getHeaders().get("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString(("client-after:" + secret).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void saving_with_nothing_changed_sends_nothing() {
        setUpOauthStub(server.secret("oauth"));
        Console console = signedIn().openProvider(StubDescriptors.OAUTH);

        assertThat(console.save()).isEqualTo("Nothing changed, so nothing was saved.");
        assertThat(server.api().provider(StubDescriptors.OAUTH).header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void a_change_made_elsewhere_meanwhile_is_a_412_and_reload_shows_it() {
        setUpOauthStub(server.secret("oauth"));
        Console console = signedIn().openProvider(StubDescriptors.OAUTH);
        Api other = server.api();
        assertThat(other.send("PATCH", Api.PROVIDERS + "/" + StubDescriptors.OAUTH + "/setup",
                "{\"client_id\":\"changed-elsewhere\"}", "application/merge-patch+json", Map.of()).status()).isEqualTo(200);

        console.type("client_id", "mine");
        String outcome = console.save();

        assertThat(outcome).contains("Someone else changed this provider after this page was loaded, so nothing was saved.");
        assertThat(server.api().provider(StubDescriptors.OAUTH).data().at("/setup/config/client_id").asText())
                .isEqualTo("changed-elsewhere");
        console.waitFor(By.id("reload")).click();
        console.waitUntil(d -> d.findElement(By.id("setup-state")).getText().startsWith("Revision 2"));
        assertThat(console.field("client_id").getAttribute("value")).isEqualTo("changed-elsewhere");
    }

    @Test
    void reset_asks_for_confirmation_first() {
        setUpOauthStub(server.secret("oauth"));
        Console console = signedIn().openProvider(StubDescriptors.OAUTH);

        console.clickReset();
        console.cancelReset();
        assertThat(server.api().provider(StubDescriptors.OAUTH).data().get("setup_complete").asBoolean()).isTrue();

        console.clickReset();
        String outcome = console.confirmReset();

        assertThat(outcome).isEqualTo("Reset: the setup and its secrets are destroyed.");
        assertThat(console.setupState()).isEqualTo("Not set up yet.");
        assertThat(console.status()).startsWith("Not set up");
        assertThat(server.api().provider(StubDescriptors.OAUTH).data().get("setup_complete").asBoolean()).isFalse();
        assertThat(console.auditLines().get(0)).contains("Reset by ", "revision 2");
    }

    @Test
    void every_kind_of_field_is_drawn_read_and_shown_again() {
        String token = server.secret("token");
        Console console = signedIn().openProvider(ConsoleDescriptors.TYPES);
        assertThat(console.field("retries").getAttribute("type")).isEqualTo("number");
        assertThat(console.field("retries").getAttribute("max")).isEqualTo("10");
        assertThat(console.field("endpoint").getAttribute("maxlength")).isEqualTo("200");

        console.type("token", token);
        new Select(console.field("region")).selectByVisibleText("us");
        console.type("retries", "3");
        console.field("sandbox").click();
        console.type("tags", "alpha\nbeta");
        console.type("endpoint", "https://api.example.com");
        console.type("limits", "{\"daily\": 1000}");
        assertThat(console.save()).isEqualTo("Saved: the setup is at revision 1.");

        JsonNode config = server.api().provider(ConsoleDescriptors.TYPES).data().at("/setup/config");
        assertThat(config.toString()).isEqualTo("{\"token\":\"********\",\"region\":\"us\",\"retries\":3,\"sandbox\":true,"
                + "\"tags\":[\"alpha\",\"beta\"],\"endpoint\":\"https://api.example.com\",\"limits\":{\"daily\":1000}}");
        console.openProvider(ConsoleDescriptors.TYPES);
        assertThat(new Select(console.field("region")).getFirstSelectedOption().getText()).isEqualTo("us");
        assertThat(console.field("retries").getAttribute("value")).isEqualTo("3");
        assertThat(console.field("sandbox").isSelected()).isTrue();
        assertThat(console.field("tags").getAttribute("value")).isEqualTo("alpha\nbeta");

        console.type("retries", "");
        console.field("sandbox").click();
        assertThat(console.save()).isEqualTo("Saved: the setup is at revision 2.");
        config = server.api().provider(ConsoleDescriptors.TYPES).data().at("/setup/config");
        assertThat(config.has("retries")).isFalse();
        assertThat(config.get("sandbox").asBoolean()).isFalse();
    }

    private Console signedIn() {
        return new Console(browser, server.server()).signIn(server.server().adminKey());
    }

    private void setUpOauthStub(String secret) {
        assertThat(server.api().setup(StubDescriptors.OAUTH, "{\"client_id\":\"client-before\",\"client_secret\":\""
                + secret + "\",\"base_url\":\"" + stub.baseUrl() + "\"}").status()).isEqualTo(200);
    }
}

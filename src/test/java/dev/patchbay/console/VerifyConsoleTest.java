package dev.patchbay.console;

import dev.patchbay.testing.Browser;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.ProviderStub;
import dev.patchbay.testing.StubDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Verify from the provider page, and "check before saving", against a stub of the external service. */
class VerifyConsoleTest {
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
    void verify_shows_what_the_service_answered_and_the_badge_follows() {
        assertThat(server.api().setup(StubDescriptors.API_KEY, "{\"api_key\":\"" + server.secret("key")
                + "\",\"base_url\":\"" + stub.baseUrl() + "\"}").status()).isEqualTo(200);
        Console console = signedIn().openProvider(StubDescriptors.API_KEY);

        stub.answer(200, "{}");
        assertThat(console.verify()).isEqualTo("Verified: acme-key accepted the configuration.");
        assertThat(console.status()).contains("Set up", "Last verification: accepted");
        console.waitUntil(d -> console.auditLines().get(0).contains("Verified by "));

        stub.answer(401, "{}");
        assertThat(console.verify()).startsWith("Verification failed (rejected): ");
        assertThat(console.status()).contains("Verification failed", "Last verification: failed (rejected)");
        assertThat(server.api().provider(StubDescriptors.API_KEY).data().at("/setup/last_verification/ok").asBoolean())
                .isFalse();
    }

    @Test
    void checking_before_saving_stores_nothing_the_service_rejects() {
        Console console = signedIn().openProvider(StubDescriptors.API_KEY);
        stub.answer(403, "{}");

        console.type("api_key", server.secret("rejected"));
        console.type("base_url", stub.baseUrl());
        console.waitFor(By.id("verify-first")).click();
        String outcome = console.save();

        assertThat(outcome).startsWith("Not saved: the service did not accept this configuration.");
        assertThat(server.api().provider(StubDescriptors.API_KEY).data().get("setup_complete").asBoolean()).isFalse();

        stub.answer(200, "{}");
        assertThat(console.save()).isEqualTo("Saved: the setup is at revision 1.");
    }

    private Console signedIn() {
        return new Console(browser, server.server()).signIn(server.server().adminKey());
    }
}

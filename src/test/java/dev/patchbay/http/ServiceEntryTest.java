package dev.patchbay.http;

import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a newcomer meets first: the start-up line that says where to go, and {@code /} leading to the console. */
class ServiceEntryTest {
    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    @Test
    void the_root_redirects_to_the_console_without_a_key() {
        ApiResponse root = RawHttp.exchange(server.server().patchbay().port(), "GET", "/", Map.of(), null,
                Duration.ofSeconds(10));

        assertThat(root.status()).isEqualTo(302);
        assertThat(root.header("Location")).isEqualTo("/console");
    }

    @Test
    void the_start_up_line_names_the_console_the_docs_and_the_api() {
        String base = server.server().baseUrl();

        assertThat(server.logText()).contains("Patchbay listening on port " + server.server().patchbay().port()
                + " with ", " providers: console " + base + "/console, API docs " + base + "/docs, API " + base + "/v1/");
    }
}

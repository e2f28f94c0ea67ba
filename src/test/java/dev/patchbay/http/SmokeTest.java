package dev.patchbay.http;

import dev.patchbay.testing.PatchbayServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {
    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    @Test
    void setup_then_read_shows_the_mask() {
        String secret = server.secret("gh");
        var posted = server.api().setup("github", "{\"client_id\":\"Iv1.abc\",\"client_secret\":\"" + secret + "\"}");
        assertThat(posted.status()).isEqualTo(200);
        var read = server.api().provider("github");
        assertThat(read.data().at("/setup/config/client_secret").asText()).isEqualTo("********");
    }
}

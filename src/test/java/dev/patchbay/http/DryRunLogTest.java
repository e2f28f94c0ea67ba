package dev.patchbay.http;

import dev.patchbay.testing.Api;
import dev.patchbay.testing.PatchbayServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The access log tells a dry run, which changes nothing, from a setup: DEBUG like a read, not INFO. */
class DryRunLogTest {
    private static final String SETUP = Api.PROVIDERS + "/github/setup";
    private static final String ACCESS_LINE = " patchbay.access POST /v1/admin/connector-providers/{provider_slug}/setup status=200";

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    @Test
    void a_dry_run_is_logged_at_debug() {
        String body = "{\"client_id\":\"Iv1.dry\",\"client_secret\":\"" + server.secret("dry") + "\"}";

        assertThat(server.api().postJson(SETUP + "?dry_run=true", body).status()).isEqualTo(200);

        assertThat(server.logText()).contains("DEBUG" + ACCESS_LINE).doesNotContain("INFO" + ACCESS_LINE);
    }

    @Test
    void a_setup_is_logged_at_info() {
        String body = "{\"client_id\":\"Iv1.real\",\"client_secret\":\"" + server.secret("real") + "\"}";

        assertThat(server.api().postJson(SETUP, body).status()).isEqualTo(200);

        assertThat(server.logText()).contains("INFO" + ACCESS_LINE);
    }
}

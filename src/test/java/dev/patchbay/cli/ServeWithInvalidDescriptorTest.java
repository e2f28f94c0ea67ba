package dev.patchbay.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * {@code serve} with an invalid {@code PATCHBAY_PROVIDERS_DIR} stops before the server starts, exits 1 and
 * says which file breaks which rule. Guarded by a timeout: a regression that starts the server would block.
 */
class ServeWithInvalidDescriptorTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final String SAML_DESCRIPTOR = """
            provider_slug: acme
            display_name: Acme
            category: testing
            auth_type: saml
            execution_strategy: server-side
            docs_url: https://acme.example/docs
            config_schema:
              type: object
              properties: {}
              additionalProperties: false
            """;

    @TempDir
    Path dataDir;
    @TempDir
    Path providersDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void serve_with_an_invalid_descriptor_exits_1_naming_the_file_and_the_rule() throws IOException {
        Files.writeString(providersDir.resolve("acme-saml.yaml"), SAML_DESCRIPTOR);

        int code = serve(providersDir);

        assertThat(code).isEqualTo(1);
        assertThat(text(err)).contains("acme-saml.yaml").contains("auth_type 'saml' is not one of");
    }

    @Test
    void serve_with_a_missing_providers_dir_exits_1_naming_the_dir() {
        Path missing = providersDir.resolve("no-such-dir");

        int code = serve(missing);

        assertThat(code).isEqualTo(1);
        assertThat(text(err)).contains(missing.toString()).contains("not a readable directory");
    }

    @Test
    void serve_with_an_invalid_descriptor_prints_no_admin_key() throws IOException {
        Files.writeString(providersDir.resolve("acme-saml.yaml"), SAML_DESCRIPTOR);

        serve(providersDir);

        assertThat(text(out)).doesNotContain("admin API key");
    }

    private int serve(Path providers) {
        Map<String, String> env = Map.of(
                "PATCHBAY_DATA_DIR", dataDir.toString(),
                "PATCHBAY_PROVIDERS_DIR", providers.toString(),
                "PATCHBAY_PORT", "0",
                "PATCHBAY_HOST", "127.0.0.1");
        return assertTimeoutPreemptively(LIMIT, () -> Main.run(env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "serve"));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}

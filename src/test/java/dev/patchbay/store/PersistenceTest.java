package dev.patchbay.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.StoredData;
import dev.patchbay.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * What the store keeps across restarts, and what it must never hold in plaintext: the SQLite data
 * directory's files, or every table of the PostgreSQL schema ({@link StoredData}).
 */
class PersistenceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT_ID = "Iv1.persisted-client-id-7f3a";
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    /** Encodings a careless store could use for a string; the secret must be absent in each. */
    private static final List<Charset> ENCODINGS =
            List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE);

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    @Test
    void setup_survives_a_restart_with_the_same_revision_and_masked_config() {
        server.api().setup("github", github(server.secret("first")));
        ApiResponse before = server.api().setup("github", github(server.secret("second")));

        ApiResponse after = server.restartWith(Map.of()).api().provider("github");

        assertThat(after.status()).isEqualTo(200);
        assertThat(after.header("ETag")).isEqualTo("\"2\"");
        assertThat(after.data().get("setup")).isEqualTo(before.data().get("setup"));
        assertThat(after.data().at("/setup/config/client_secret").asText()).isEqualTo("********");
    }

    @Test
    void the_store_holds_the_client_id_but_never_the_secret() {
        String secret = server.secret("at-rest");
        assertThat(server.api().setup("github", github(secret)).status()).isEqualTo(200);

        StoredData stored = StoredData.of(server);

        // The search works: the non-secret field is stored in plaintext.
        assertThat(stored.contains(CLIENT_ID.getBytes(StandardCharsets.UTF_8))).as("client_id in %s", stored.places())
                .isTrue();
        assertNowhere(stored, secret, "the client secret");
    }

    @Test
    void the_store_holds_none_of_several_secrets_of_one_setup() {
        // Stripe's key patterns refuse server.secret()'s dashes; nothing here is answered back, so the
        // extension's response check has nothing to miss.
        String apiKey = "sk_test_" + UUID.randomUUID().toString().replace("-", "");
        String webhookSecret = "whsec_" + UUID.randomUUID().toString().replace("-", "");
        String body = JSON.createObjectNode().put("api_key", apiKey).put("webhook_secret", webhookSecret).toString();
        assertThat(server.api().setup("stripe", body).status()).isEqualTo(200);

        StoredData stored = StoredData.of(server);

        assertNowhere(stored, apiKey, "the API key");
        assertNowhere(stored, webhookSecret, "the webhook secret");
    }

    @Test
    void every_table_and_column_of_the_store_is_searched() {
        assumeThat(server.isSqlite()).as("PostgreSQL is read table by table").isFalse();

        List<String> places = StoredData.of(server).places();

        assertThat(places).contains("provider_setups.config", "provider_setups.secrets",
                "provider_setups.last_verification", "api_keys.key_hash", "audit_events.changed_fields");
    }

    @Test
    void master_key_file_is_owner_only() throws IOException {
        assumeThat(server.dataDir().getFileSystem().supportedFileAttributeViews()).contains("posix");

        assertOwnerOnly(server.dataDir().resolve("master-key.json"));
    }

    @Test
    void database_files_are_owner_only() throws IOException {
        assumeThat(server.isSqlite()).as("the SQLite files are looked at").isTrue();
        assumeThat(server.dataDir().getFileSystem().supportedFileAttributeViews()).contains("posix");
        server.api().setup("github", github(server.secret("perm"))); // writes the -wal and -shm files

        List<Path> files = databaseFiles();

        assertThat(files).extracting(p -> p.getFileName().toString()).contains("patchbay.db");
        for (Path file : files) {
            assertOwnerOnly(file);
        }
    }

    @Test
    void admin_key_plaintext_is_not_in_the_store() {
        String adminKey = server.server().adminKey();
        assertThat(adminKey).isNotBlank();
        server.api().setup("github", github(server.secret("key"))); // the key has been used, and may be recorded

        assertNowhere(StoredData.of(server), adminKey, "the admin key");
    }

    @Test
    void invalid_master_key_stops_start_up_without_quoting_it() {
        String notAKey = "not-a-key-" + server.secret("master");

        assertThatThrownBy(() -> new TestServer(server.dataDir().resolve("other"),
                Map.of("PATCHBAY_MASTER_KEY", notAKey), new ArrayList<>()).close())
                .satisfies(failure -> {
                    for (Throwable t = failure; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain(notAKey);
                    }
                })
                .hasMessageContaining("PATCHBAY_MASTER_KEY");
    }

    @Test
    void a_master_key_that_cannot_open_the_stored_secrets_stops_start_up() {
        server.api().setup("github", "{\"client_id\":\"Iv1.abc\",\"client_secret\":\"" + server.secret("gh") + "\"}");
        String otherKey = java.util.Base64.getEncoder().encodeToString(new byte[32]);

        assertThatThrownBy(() -> server.restartWith(Map.of("PATCHBAY_MASTER_KEY", otherKey)))
                .hasMessageContaining("cannot decrypt the stored secrets");
    }

    private static void assertOwnerOnly(Path file) throws IOException {
        assertThat(Files.getPosixFilePermissions(file)).as(file.getFileName().toString())
                .doesNotContainAnyElementsOf(GROUP_OR_OTHER);
    }

    private List<Path> databaseFiles() throws IOException {
        try (Stream<Path> files = Files.list(server.dataDir())) {
            return files.filter(p -> p.getFileName().toString().startsWith("patchbay.db")).sorted().toList();
        }
    }

    /** Fails if {@code secret} is stored in any encoding a careless store could use for a string. */
    private static void assertNowhere(StoredData stored, String secret, String what) {
        for (Charset encoding : ENCODINGS) {
            assertThat(stored.contains(secret.getBytes(encoding))).as("%s in %s, in %s", what, encoding, stored.places())
                    .isFalse();
        }
        byte[] utf8 = secret.getBytes(StandardCharsets.UTF_8);
        for (String encoded : List.of(Base64.getEncoder().encodeToString(utf8), HexFormat.of().formatHex(utf8))) {
            assertThat(stored.contains(encoded.getBytes(StandardCharsets.US_ASCII)))
                    .as("%s as %s, in %s", what, encoded, stored.places()).isFalse();
        }
    }

    private static String github(String clientSecret) {
        return JSON.createObjectNode().put("client_id", CLIENT_ID).put("client_secret", clientSecret).toString();
    }
}

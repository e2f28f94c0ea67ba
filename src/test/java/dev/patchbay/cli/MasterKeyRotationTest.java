package dev.patchbay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchbay.crypto.DecryptionFailedException;
import dev.patchbay.crypto.MasterKeys;
import dev.patchbay.crypto.SecretSealer;
import dev.patchbay.store.InstanceLock;
import dev.patchbay.store.SetupRow;
import dev.patchbay.store.Store;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.TestDatabase;
import dev.patchbay.testing.TestServer;
import dev.patchbay.testing.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code master-key rotate}: every secret re-encrypted under a new key, the old key retired; refused
 * while a service runs on the data directory or, on PostgreSQL, on the database. Runs on SQLite and on
 * PostgreSQL.
 */
class MasterKeyRotationTest {
    private static final int PROVIDERS = 50;
    private static final String ADMIN_KEY = "pb_rotation-test-admin-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The shape of the built-in github.yaml: oauth2 with client_id and a writeOnly client_secret. */
    private static final String DESCRIPTOR = """
            provider_slug: %1$s
            display_name: Generated %1$s
            description: A provider generated for the master-key rotation test.
            category: developer-tools
            auth_type: oauth2
            execution_strategy: server-side
            docs_url: https://docs.example.com/%1$s
            default_scopes:
            - name: read
              description: Read access
            oauth2:
              authorization_url: https://example.com/%1$s/oauth/authorize
              token_url: https://example.com/%1$s/oauth/token
            config_schema:
              type: object
              required:
              - client_id
              - client_secret
              properties:
                client_id:
                  type: string
                  minLength: 1
                  maxLength: 256
                client_secret:
                  type: string
                  minLength: 1
                  maxLength: 512
                  writeOnly: true
              additionalProperties: false
            """;

    /**
     * Supplies server.secret() and the checks after each test; the rotation test runs its own servers on
     * its own data dir and database (this server's instance lock would refuse a rotation on its
     * database), recorded by the extension so that their exchanges are checked too.
     */
    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    @RegisterExtension
    final WebhookReceiver receiver = new WebhookReceiver();
    private TestDatabase database;

    @TempDir
    Path dataDir;
    @TempDir
    Path providersDir;

    private static String slug(int i) {
        return String.format("gen-%02d", i);
    }

    @AfterEach
    void drop_the_rotation_database() {
        if (database != null) {
            database.close();
        }
    }

    /** The rotation test's own data dir, descriptors and database (a PostgreSQL schema of its own). */
    private Map<String, String> env() {
        if (database == null) {
            database = TestDatabase.create();
        }
        Map<String, String> env = new HashMap<>(database.env());
        env.put("PATCHBAY_DATA_DIR", dataDir.toString());
        env.put("PATCHBAY_PROVIDERS_DIR", providersDir.toString());
        env.put("PATCHBAY_ADMIN_API_KEY", ADMIN_KEY);
        return env;
    }

    private Store openStore() {
        return database.isSqlite() ? Store.openSqlite(dataDir) : Store.open(database.jdbcUrl());
    }

    /** Runs the CLI; returns the exit code, with what it printed in {@code out} and {@code err}. */
    private static int cli(Map<String, String> env, ByteArrayOutputStream out, ByteArrayOutputStream err,
                           String... args) {
        return Main.run(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    @Test
    void rotate_reencrypts_every_secret_under_a_new_key_and_retires_the_old() throws IOException {
        for (int i = 0; i < PROVIDERS; i++) {
            Files.writeString(providersDir.resolve(slug(i) + ".yaml"), String.format(DESCRIPTOR, slug(i)));
        }
        Map<String, String> secrets = new TreeMap<>();
        try (TestServer first = server.recordedServer(dataDir, env())) {
            for (int i = 0; i < PROVIDERS; i++) {
                String secret = server.secret(slug(i));
                secrets.put(slug(i), secret);
                ApiResponse posted = first.api().setup(slug(i),
                        "{\"client_id\":\"id-" + slug(i) + "\",\"client_secret\":\"" + secret + "\"}");
                assertThat(posted.status()).as(posted.body()).isEqualTo(200);
            }
        }
        String oldKeyset = Files.readString(dataDir.resolve(MasterKeys.FILE_NAME));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = cli(env(), out, err, "master-key", "rotate");

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("re-encrypted " + PROVIDERS + " secrets");
        try (TestServer second = server.recordedServer(dataDir, env())) {
            for (int i = 0; i < PROVIDERS; i++) {
                JsonNode provider = second.api().provider(slug(i)).data();
                assertThat(provider.get("setup_complete").asBoolean()).as(slug(i)).isTrue();
                assertThat(provider.at("/setup/config/client_id").asText()).isEqualTo("id-" + slug(i));
                assertThat(provider.at("/setup/revision").asLong()).as("rotation changes no revision").isEqualTo(1);
            }
        }
        assertEverySecretOpensOnlyUnderTheNewKey(secrets, oldKeyset);
        assertNewKeyFileHoldsOneOtherKey(oldKeyset);
    }

    @Test
    void rotate_reencrypts_webhook_secrets_which_still_sign_afterwards() throws IOException {
        Files.writeString(providersDir.resolve(slug(0) + ".yaml"), String.format(DESCRIPTOR, slug(0)));
        Map<String, String> env = new HashMap<>(env());
        env.put("PATCHBAY_VERIFY_ALLOW_PRIVATE", "true");
        env.put("PATCHBAY_WEBHOOK_POLL_MS", "20");
        String before;
        String current;
        try (TestServer first = server.recordedServer(dataDir, env)) {
            ApiResponse created = first.api().postJson("/v1/admin/webhook-endpoints", "{\"url\":\"" + receiver.url()
                    + "\",\"events\":[\"provider.setup\"]}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            before = created.data().get("secret").asText();
            current = first.api().send("POST", "/v1/admin/webhook-endpoints/" + created.data().get("id").asText()
                    + "/rotate-secret", null, null, Map.of()).data().get("secret").asText();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = cli(env, out, err, "master-key", "rotate");

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("re-encrypted 2 secrets");
        try (TestServer second = server.recordedServer(dataDir, env)) {
            assertThat(second.api().setup(slug(0), "{\"client_id\":\"id\",\"client_secret\":\""
                    + server.secret("webhook-rotation") + "\"}").status()).isEqualTo(200);
            WebhookReceiver.Received event = receiver.await(received -> received.size() == 1,
                    java.time.Duration.ofSeconds(15)).get(0);
            assertThat(event.signedWith(current)).isTrue();
            assertThat(event.signedWith(before)).isTrue();
        }
    }

    private void assertEverySecretOpensOnlyUnderTheNewKey(Map<String, String> secrets, String oldKeyset) {
        SecretSealer newSealer = MasterKeys.sealer(null, dataDir);
        SecretSealer oldSealer = MasterKeys.sealer(oldKeyset, providersDir);
        Map<String, String> opened = new HashMap<>();
        try (Store store = openStore()) {
            List<SetupRow> rows = store.setups().all();
            assertThat(rows).hasSize(PROVIDERS);
            for (SetupRow row : rows) {
                assertThat(row.secrets()).as(row.slug()).containsOnlyKeys("client_secret");
                row.secrets().forEach((field, ciphertext) -> {
                    opened.put(row.slug(), newSealer.open(ciphertext, row.slug(), field).revealPlaintext());
                    assertThatThrownBy(() -> oldSealer.open(ciphertext, row.slug(), field))
                            .as("the old key opens %s/%s", row.slug(), field)
                            .isInstanceOf(DecryptionFailedException.class);
                });
            }
        }
        assertThat(opened).isEqualTo(secrets);
    }

    private void assertNewKeyFileHoldsOneOtherKey(String oldKeyset) throws IOException {
        String newKeyset = Files.readString(dataDir.resolve(MasterKeys.FILE_NAME));
        assertThat(newKeyset).isNotEqualTo(oldKeyset);
        JsonNode before = JSON.readTree(oldKeyset);
        JsonNode after = JSON.readTree(newKeyset);
        assertThat(after.get("key")).hasSize(1);
        long newId = after.get("primaryKeyId").asLong();
        assertThat(after.at("/key/0/keyId").asLong()).isEqualTo(newId);
        assertThat(before.get("key").findValues("keyId")).extracting(JsonNode::asLong).doesNotContain(newId);
    }

    @Test
    void rotate_while_a_service_runs_on_the_data_dir_is_refused_and_changes_nothing() throws IOException {
        String secret = server.secret("github");
        assertThat(server.api().setup("github", "{\"client_id\":\"Iv1.a\",\"client_secret\":\"" + secret + "\"}")
                .status()).isEqualTo(200);
        Path keyFile = server.dataDir().resolve(MasterKeys.FILE_NAME);
        String keysetBefore = Files.readString(keyFile);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = cli(Map.of("PATCHBAY_DATA_DIR", server.dataDir().toString()), out, err, "master-key", "rotate");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("stop it before rotating");
        assertThat(Files.readString(keyFile)).isEqualTo(keysetBefore);
        assertThat(server.api().provider("github").data().get("setup_complete").asBoolean()).isTrue();
        assertThat(server.api().setup("github", "{\"client_id\":\"Iv1.b\",\"client_secret\":\"********\"}").status())
                .as("the running service still opens its secrets").isEqualTo(200);
    }

    @Test
    void rotate_on_postgresql_while_an_instance_runs_elsewhere_on_the_database_is_refused_and_changes_nothing()
            throws IOException {
        Assumptions.assumeTrue(TestDatabase.isPostgresRun(), "instances share a database only on PostgreSQL");
        String secret = server.secret("github");
        assertThat(server.api().setup("github", "{\"client_id\":\"Iv1.a\",\"client_secret\":\"" + secret + "\"}")
                .status()).isEqualTo(200);
        // The operator's machine: its own data directory with a copy of the key file, the same database.
        Files.copy(server.dataDir().resolve(MasterKeys.FILE_NAME), dataDir.resolve(MasterKeys.FILE_NAME));
        String keysetBefore = Files.readString(dataDir.resolve(MasterKeys.FILE_NAME));
        Map<String, byte[]> ciphertextsBefore = storedCiphertexts();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = cli(Map.of("PATCHBAY_DATA_DIR", dataDir.toString(),
                "PATCHBAY_DATABASE_URL", server.database().jdbcUrl()), out, err, "master-key", "rotate");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("instances are running on this database")
                .contains("stop every instance");
        assertThat(Files.readString(dataDir.resolve(MasterKeys.FILE_NAME))).isEqualTo(keysetBefore);
        assertThat(storedCiphertexts()).containsOnlyKeys(ciphertextsBefore.keySet())
                .allSatisfy((slug, ciphertext) -> assertThat(ciphertext).isEqualTo(ciphertextsBefore.get(slug)));
        assertThat(server.api().setup("github", "{\"client_id\":\"Iv1.b\",\"client_secret\":\"********\"}").status())
                .as("the running service still opens its secrets").isEqualTo(200);
    }

    @Test
    void an_instance_does_not_start_on_postgresql_while_a_rotation_holds_the_database() {
        Assumptions.assumeTrue(TestDatabase.isPostgresRun(), "the instance lock is PostgreSQL's");
        try (Store store = Store.open(server.database().jdbcUrl())) {
            server.server().close();
            try (InstanceLock rotation = store.lockOutInstances()) {
                assertThatThrownBy(server::anotherInstance).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("a master-key rotation is running on this database");
            }
        }
    }

    /** Every stored client_secret ciphertext of the extension's database, by slug. */
    private Map<String, byte[]> storedCiphertexts() {
        Map<String, byte[]> ciphertexts = new TreeMap<>();
        try (Store store = Store.open(server.database().jdbcUrl())) {
            store.setups().all().forEach(row -> ciphertexts.put(row.slug(), row.secrets().get("client_secret")));
        }
        return ciphertexts;
    }

    @Test
    void rotate_with_a_configured_master_key_is_refused() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String configured = java.util.Base64.getEncoder().encodeToString(new byte[32]);

        int exit = cli(Map.of("PATCHBAY_DATA_DIR", dataDir.toString(), "PATCHBAY_MASTER_KEY", configured),
                out, err, "master-key", "rotate");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("PATCHBAY_MASTER_KEY").doesNotContain(configured);
        assertThat(dataDir.resolve(MasterKeys.FILE_NAME)).doesNotExist();
    }
}

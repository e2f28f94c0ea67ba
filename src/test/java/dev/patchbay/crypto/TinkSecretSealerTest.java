package dev.patchbay.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Real Tink, real key files: sealing, binding to the place, and loading the master key. */
class TinkSecretSealerTest {
    private static final String PLAINTEXT = "sekret-ghp_16C7e42F292c6912E7710c838347Ae178B4a";
    /** Distinctive bytes, so a message that quotes the configured value can be spotted. */
    private static final String GARBAGE_KEY = "not-base64!sekret-master-key-7f3a";
    private static final String SHORT_KEY = Base64.getEncoder().encodeToString(
            "sekret-16-bytes!".getBytes(StandardCharsets.US_ASCII));
    /** A keyset of another AEAD type than the AES-GCM Patchbay creates (a test key, never used elsewhere). */
    private static final String XCHACHA_KEYSET = "{\"primaryKeyId\":2047949664,\"key\":[{\"keyData\":{"
            + "\"typeUrl\":\"type.googleapis.com/google.crypto.tink.XChaCha20Poly1305Key\","
            + "\"value\":\"GiCQVn4qEuXgDXHaNnPBlDvyleUXEf6PGa1PKJsl6x2f8g==\",\"keyMaterialType\":\"SYMMETRIC\"},"
            + "\"status\":\"ENABLED\",\"keyId\":2047949664,\"outputPrefixType\":\"TINK\"}]}";
    private static final String BROKEN_JSON_KEY = "{\"primaryKeyId\": \"sekret-json-key-9c1d\"";

    @TempDir
    Path dataDir;

    @Test
    void a_sealed_secret_opens_to_the_same_plaintext() {
        SecretSealer sealer = fileSealer(dataDir);

        byte[] ciphertext = sealer.seal(Secret.of(PLAINTEXT), "github", "client_secret");

        assertThat(sealer.open(ciphertext, "github", "client_secret").revealPlaintext()).isEqualTo(PLAINTEXT);
    }

    @Test
    void the_ciphertext_does_not_contain_the_plaintext() {
        byte[] ciphertext = fileSealer(dataDir).seal(Secret.of(PLAINTEXT), "github", "client_secret");

        assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain(PLAINTEXT);
    }

    @Test
    void a_ciphertext_does_not_open_for_another_provider() {
        SecretSealer sealer = fileSealer(dataDir);
        byte[] ciphertext = sealer.seal(Secret.of(PLAINTEXT), "github", "client_secret");

        assertDecryptionFails(() -> sealer.open(ciphertext, "gitlab", "client_secret"));
    }

    @Test
    void a_ciphertext_does_not_open_for_another_field() {
        SecretSealer sealer = fileSealer(dataDir);
        byte[] ciphertext = sealer.seal(Secret.of(PLAINTEXT), "slack", "client_secret");

        assertDecryptionFails(() -> sealer.open(ciphertext, "slack", "signing_secret"));
    }

    @Test
    void a_tampered_ciphertext_does_not_open() {
        SecretSealer sealer = fileSealer(dataDir);
        byte[] ciphertext = sealer.seal(Secret.of(PLAINTEXT), "github", "client_secret");
        byte[] tampered = ciphertext.clone();
        tampered[tampered.length / 2] ^= 0x01;

        assertDecryptionFails(() -> sealer.open(tampered, "github", "client_secret"));
    }

    @Test
    void a_truncated_ciphertext_does_not_open() {
        SecretSealer sealer = fileSealer(dataDir);
        byte[] ciphertext = sealer.seal(Secret.of(PLAINTEXT), "github", "client_secret");

        assertDecryptionFails(() -> sealer.open(Arrays.copyOf(ciphertext, 3), "github", "client_secret"));
    }

    @Test
    void a_ciphertext_does_not_open_under_another_master_key(@TempDir Path otherDataDir) {
        byte[] ciphertext = fileSealer(dataDir).seal(Secret.of(PLAINTEXT), "github", "client_secret");

        assertDecryptionFails(() -> fileSealer(otherDataDir).open(ciphertext, "github", "client_secret"));
    }

    @Test
    void sealing_the_same_plaintext_twice_gives_different_ciphertexts() {
        SecretSealer sealer = fileSealer(dataDir);

        byte[] first = sealer.seal(Secret.of(PLAINTEXT), "github", "client_secret");
        byte[] second = sealer.seal(Secret.of(PLAINTEXT), "github", "client_secret");

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void the_key_file_created_on_first_load_opens_earlier_ciphertexts_on_the_next_load() {
        byte[] ciphertext = fileSealer(dataDir).seal(Secret.of(PLAINTEXT), "github", "client_secret");

        SecretSealer reloaded = fileSealer(dataDir);

        assertThat(reloaded.open(ciphertext, "github", "client_secret").revealPlaintext()).isEqualTo(PLAINTEXT);
    }

    @Test
    void the_key_file_is_readable_and_writable_by_its_owner_only() throws Exception {
        assumeTrue(Files.getFileStore(dataDir).supportsFileAttributeView("posix"), "POSIX file permissions");

        MasterKeys.load(null, dataDir);

        Path keyFile = dataDir.resolve(MasterKeys.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    }

    @Test
    void a_missing_data_dir_is_created_with_the_key_file() {
        Path nested = dataDir.resolve("not/yet/there");

        MasterKeys.load(null, nested);

        assertThat(nested.resolve(MasterKeys.FILE_NAME)).isRegularFile();
    }

    @Test
    void a_configured_base64_key_seals_and_opens() {
        SecretSealer sealer = configuredSealer(randomKey());

        byte[] ciphertext = sealer.seal(Secret.of(PLAINTEXT), "github", "client_secret");

        assertThat(sealer.open(ciphertext, "github", "client_secret").revealPlaintext()).isEqualTo(PLAINTEXT);
    }

    @Test
    void the_same_configured_key_on_two_instances_opens_each_others_ciphertexts() {
        String key = randomKey();
        SecretSealer one = configuredSealer(key);
        SecretSealer two = configuredSealer(key);

        byte[] fromOne = one.seal(Secret.of(PLAINTEXT), "github", "client_secret");
        byte[] fromTwo = two.seal(Secret.of(PLAINTEXT), "github", "client_secret");

        assertThat(two.open(fromOne, "github", "client_secret").revealPlaintext()).isEqualTo(PLAINTEXT);
        assertThat(one.open(fromTwo, "github", "client_secret").revealPlaintext()).isEqualTo(PLAINTEXT);
    }

    @Test
    void a_configured_keyset_of_another_aead_type_seals_and_opens() {
        SecretSealer sealer = configuredSealer(XCHACHA_KEYSET);

        byte[] ciphertext = sealer.seal(Secret.of(PLAINTEXT), "github", "client_secret");

        assertThat(configuredSealer(XCHACHA_KEYSET).open(ciphertext, "github", "client_secret").revealPlaintext())
                .isEqualTo(PLAINTEXT);
    }

    @Test
    void a_configured_key_writes_no_key_file() {
        MasterKeys.load(randomKey(), dataDir);

        assertThat(dataDir.resolve(MasterKeys.FILE_NAME)).doesNotExist();
    }

    @Test
    void a_configured_key_of_the_wrong_length_is_refused_without_quoting_it() {
        assertConfiguredKeyRefused(SHORT_KEY);
    }

    @Test
    void a_configured_key_that_is_not_base64_is_refused_without_quoting_it() {
        assertConfiguredKeyRefused(GARBAGE_KEY);
    }

    @Test
    void a_configured_keyset_that_is_broken_json_is_refused_without_quoting_it() {
        assertConfiguredKeyRefused(BROKEN_JSON_KEY);
    }

    @Test
    void a_secret_prints_as_the_mask() {
        Secret secret = Secret.of(PLAINTEXT);

        assertThat(secret.toString()).isEqualTo("********").isEqualTo(Secret.MASK);
        assertThat("config: " + secret).doesNotContain(PLAINTEXT);
    }

    @Test
    void jackson_never_serializes_a_secrets_plaintext() {
        String rendered;
        try {
            rendered = new ObjectMapper().writeValueAsString(Secret.of(PLAINTEXT));
        } catch (JsonProcessingException e) {
            rendered = e.getMessage();
        }

        assertThat(rendered).doesNotContain(PLAINTEXT);
    }

    private static void assertDecryptionFails(ThrowingCallable open) {
        assertThatThrownBy(open)
                .isInstanceOf(DecryptionFailedException.class)
                .hasMessage("decryption failed")
                .hasNoCause();
    }

    private void assertConfiguredKeyRefused(String value) {
        Throwable failure = catchThrowable(() -> MasterKeys.load(value, dataDir));

        assertThat(failure).isNotNull().hasMessageContaining("PATCHBAY_MASTER_KEY");
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(value).doesNotContain("sekret");
        }
        assertThat(dataDir.resolve(MasterKeys.FILE_NAME)).doesNotExist();
    }

    private static SecretSealer fileSealer(Path dir) {
        return new TinkSecretSealer(MasterKeys.load(null, dir));
    }

    private SecretSealer configuredSealer(String key) {
        return new TinkSecretSealer(MasterKeys.load(key, dataDir));
    }

    private static String randomKey() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }
}

package dev.patchbay.store;

import dev.patchbay.crypto.MasterKeys;
import dev.patchbay.testing.PatchbayServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A start refused because the master key cannot open the stored secrets leaves no new key file behind. */
class ForeignMasterKeyTest {
    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    @Test
    void a_start_without_the_key_file_is_refused_and_creates_none() throws IOException {
        server.api().setup("github", "{\"client_id\":\"Iv1.abc\",\"client_secret\":\"" + server.secret("gh") + "\"}");
        Path keyFile = server.dataDir().resolve(MasterKeys.FILE_NAME);
        String original = Files.readString(keyFile);
        server.server().close();
        Files.move(keyFile, server.dataDir().resolve("master-key.json.elsewhere"));

        assertThatThrownBy(() -> server.restartWith(Map.of())).hasMessageContaining("cannot decrypt the stored secrets");

        assertThat(keyFile).doesNotExist();
        Files.writeString(keyFile, original);
        assertThat(server.restartWith(Map.of()).api().provider("github").data().at("/setup/config/client_id").asText())
                .isEqualTo("Iv1.abc");
    }

    @Test
    void a_refused_start_keeps_a_key_file_that_was_already_there() throws IOException {
        server.api().setup("github", "{\"client_id\":\"Iv1.abc\",\"client_secret\":\"" + server.secret("gh") + "\"}");
        String otherKey = java.util.Base64.getEncoder().encodeToString(new byte[32]);

        assertThatThrownBy(() -> server.restartWith(Map.of("PATCHBAY_MASTER_KEY", otherKey)))
                .hasMessageContaining("cannot decrypt the stored secrets");

        assertThat(server.dataDir().resolve(MasterKeys.FILE_NAME)).exists();
    }
}

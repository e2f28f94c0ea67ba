package dev.patchbay.crypto;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AeadWrapper;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmKeyManager;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.util.SecretBytes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Loads the master keyset from configuration or from the key file in the data directory, creating
 * that file (owner read/write only) on first start. The key file is always replaced through
 * {@link DurableFiles}, so it is on disk before anything sealed under its keys is committed.
 *
 * <p>{@code PATCHBAY_MASTER_KEY} may hold a Tink JSON keyset or the base64 of 32 random bytes (what
 * {@code openssl rand -base64 32} prints), which becomes a one-key AES-256-GCM keyset.
 */
public final class MasterKeys {
    public static final String FILE_NAME = "master-key.json";
    /** Fixed id of the key imported from raw bytes, so the same bytes always give the same keyset. */
    private static final int RAW_KEY_ID = 0x50420001;

    static {
        try {
            // Only the key type Patchbay creates: registering every AEAD and MAC type costs a tenth of a
            // second at each start. A configured keyset of another type registers the rest (see parse).
            AeadWrapper.register();
            AesGcmKeyManager.register(true);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private MasterKeys() {
    }

    /** The keyset from {@code configured} when it is not null, otherwise from (or into) the key file. */
    public static KeysetHandle load(String configured, Path dataDir) {
        return load(configured, dataDir, DurableFiles.LOCAL);
    }

    static KeysetHandle load(String configured, Path dataDir, DurableFiles files) {
        if (configured != null && !configured.isBlank()) {
            return parseConfigured(configured.strip());
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                return parse(Files.readString(file));
            }
            KeysetHandle created = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            files.replaceOwnerOnly(file, TinkJsonProtoKeysetFormat.serializeKeyset(created, InsecureSecretKeyAccess.get()));
            return created;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the master key file " + file + " is not a valid Tink keyset");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key file " + file, e);
        }
    }

    private static KeysetHandle parseConfigured(String value) {
        try {
            if (value.startsWith("{")) {
                return parse(value);
            }
            byte[] raw = Base64.getDecoder().decode(value);
            if (raw.length != 32) {
                throw new IllegalStateException("PATCHBAY_MASTER_KEY must be 32 bytes in base64 or a Tink JSON keyset");
            }
            AesGcmParameters parameters = AesGcmParameters.builder()
                    .setKeySizeBytes(32).setIvSizeBytes(12).setTagSizeBytes(16)
                    .setVariant(AesGcmParameters.Variant.TINK)
                    .build();
            AesGcmKey key = AesGcmKey.builder()
                    .setParameters(parameters)
                    .setKeyBytes(SecretBytes.copyFrom(raw, InsecureSecretKeyAccess.get()))
                    .setIdRequirement(RAW_KEY_ID)
                    .build();
            return KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.importKey(key).withFixedId(RAW_KEY_ID).makePrimary())
                    .build();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // Never include the value or the parser's message: either could quote the key.
            throw new IllegalStateException("PATCHBAY_MASTER_KEY must be 32 bytes in base64 or a Tink JSON keyset");
        }
    }

    /** A Tink JSON keyset; one holding a key type other than AES-GCM first registers all AEAD types. */
    private static KeysetHandle parse(String json) throws GeneralSecurityException {
        KeysetHandle keyset = TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
        for (int i = 0; i < keyset.size(); i++) {
            if (!(keyset.getAt(i).getKey() instanceof AesGcmKey)) {
                AeadConfig.register();
                return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
            }
        }
        return keyset;
    }

    /** A sealer over the configured keyset, or the key file's (created on first start). */
    public static SecretSealer sealer(String configured, Path dataDir) {
        return new TinkSecretSealer(load(configured, dataDir));
    }

    /**
     * Rotates the key file's keyset in an order where a crash at any point loses nothing: (1) add a new
     * primary key, keeping the old ones, and write the file; (2) let {@code reencrypt} re-seal every
     * secret with a sealer over that keyset (whose primary is the new key); (3) retire the old keys and
     * write the file again. Running it again after a crash finishes the job. Returns the keys left (1).
     */
    public static int rotateKeyFile(Path dataDir, java.util.function.Consumer<SecretSealer> reencrypt) {
        return rotateKeyFile(dataDir, reencrypt, DurableFiles.LOCAL);
    }

    static int rotateKeyFile(Path dataDir, java.util.function.Consumer<SecretSealer> reencrypt, DurableFiles files) {
        KeysetHandle withNewPrimary = addPrimary(dataDir, files);
        reencrypt.accept(new TinkSecretSealer(withNewPrimary));
        return retireOldKeys(dataDir, withNewPrimary, files).size();
    }

    /** Whether the keyset comes from the key file (and so can be rotated in place). */
    public static boolean isFileBased(String configured) {
        return configured == null || configured.isBlank();
    }

    /**
     * Rotation step 1: the key file's keyset with a new AES-256-GCM key added as primary. The old keys
     * stay, so every existing ciphertext still opens. Written before any secret is re-encrypted.
     */
    static KeysetHandle addPrimary(Path dataDir, DurableFiles files) {
        KeysetHandle current = load(null, dataDir, files);
        try {
            KeysetHandle rotated = KeysetHandle.newBuilder(current)
                    .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                            .withRandomId().makePrimary())
                    .build();
            save(dataDir, rotated, files);
            return rotated;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot add a key to the master keyset", e);
        }
    }

    /** Rotation step 3, once nothing is sealed under them: the keyset without its non-primary keys. */
    static KeysetHandle retireOldKeys(Path dataDir, KeysetHandle keyset, DurableFiles files) {
        try {
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
            for (int i = builder.size() - 1; i >= 0; i--) {
                if (!builder.getAt(i).isPrimary()) {
                    builder.deleteAt(i);
                }
            }
            KeysetHandle retired = builder.build();
            save(dataDir, retired, files);
            return retired;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot retire the old master keys", e);
        }
    }

    private static void save(Path dataDir, KeysetHandle keyset, DurableFiles files) throws GeneralSecurityException {
        try {
            files.replaceOwnerOnly(dataDir.resolve(FILE_NAME),
                    TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the master key file", e);
        }
    }
}

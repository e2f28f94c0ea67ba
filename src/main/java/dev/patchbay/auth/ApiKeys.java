package dev.patchbay.auth;

import dev.patchbay.store.ApiKeyRow;
import dev.patchbay.store.ApiKeyStore;
import dev.patchbay.store.StoreUnavailableException;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The API key service used by the HTTP filter and the {@code keys} commands alike. Active keys are
 * held in memory and checked without a store round trip; {@link #sync()} reloads them (picking up
 * keys created or revoked by another process) and records last-used times. Thread-safe.
 */
public final class ApiKeys {
    /** The name under which {@code PATCHBAY_ADMIN_API_KEY} is accepted. */
    public static final String ENV_KEY_NAME = "env";
    public static final String BOOTSTRAP_KEY_NAME = "admin";
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$");
    private static final String PREFIX = "pb_";
    /** Longer input cannot be a key; refusing it early keeps huge headers from being hashed. */
    private static final int MAX_KEY_LENGTH = 256;
    /** How often an unknown key may trigger a reload, so wrong keys cannot hammer the store. */
    private static final Duration RELOAD_ON_MISS_INTERVAL = Duration.ofSeconds(1);

    private record ActiveKey(String name, KeyScope scope, byte[] hash) {
    }

    private final ApiKeyStore store;
    private final Clock clock;
    private final ActiveKey envKey;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> lastUsed = new ConcurrentHashMap<>();
    private volatile List<ActiveKey> active = List.of();
    private volatile Instant lastReload = Instant.EPOCH;

    /** {@code envKey} is the key supplied by configuration, or null. */
    public ApiKeys(ApiKeyStore store, Clock clock, String envKey) {
        this.store = store;
        this.clock = clock;
        this.envKey = envKey == null || envKey.isBlank() ? null
                : new ActiveKey(ENV_KEY_NAME, KeyScope.ADMIN, KeyHash.of(envKey.strip()));
        reload();
    }

    /** The caller behind {@code presented}, or empty when it is no active key. */
    public Optional<Principal> authenticate(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        byte[] hash = KeyHash.of(presented);
        Optional<Principal> found = match(hash);
        if (found.isEmpty() && reloadAllowed()) {
            // The key may have been created by `keys create` in another process since the last reload.
            try {
                reload();
                found = match(hash);
            } catch (StoreUnavailableException e) {
                // Keys known so far keep working while the store is down; this one stays unknown.
            }
        }
        found.ifPresent(this::noteUse);
        return found;
    }

    /**
     * Remembers when a key was last used, at most once a second per key: a write on every request would
     * make all request threads queue on the same map entry.
     */
    private void noteUse(Principal principal) {
        Instant now = clock.instant();
        Instant noted = lastUsed.get(principal.name());
        if (noted == null || now.isAfter(noted.plusSeconds(1))) {
            lastUsed.put(principal.name(), now);
        }
    }

    /** Compares against every key with no early exit, so timing tells nothing about which matched. */
    private Optional<Principal> match(byte[] hash) {
        ActiveKey matched = null;
        for (ActiveKey key : active) {
            if (MessageDigest.isEqual(key.hash(), hash)) {
                matched = key;
            }
        }
        return matched == null ? Optional.empty() : Optional.of(new Principal(matched.name(), matched.scope()));
    }

    /** Creates a key and returns it; this is the only time the key exists outside its holder's hands. */
    public String create(String name, KeyScope scope) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidKeyRequestException("a key name is 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (ENV_KEY_NAME.equalsIgnoreCase(name)) {
            throw new InvalidKeyRequestException("the name 'env' is reserved for PATCHBAY_ADMIN_API_KEY");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        boolean stored = store.insert(new ApiKeyRow(name, scope.wire(), KeyHash.hex(KeyHash.of(key)),
                clock.instant(), null, null));
        if (!stored) {
            throw new InvalidKeyRequestException("an active key named '" + name + "' exists; revoke it first");
        }
        reload();
        return key;
    }

    /** Creates the first admin key when the store has never held one and none is configured. */
    public Optional<String> bootstrap() {
        if (envKey != null || !store.all().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(create(BOOTSTRAP_KEY_NAME, KeyScope.ADMIN));
    }

    public boolean revoke(String name) {
        boolean revoked = store.revoke(name, clock.instant());
        reload();
        return revoked;
    }

    public List<ApiKeyInfo> list() {
        sync();
        List<ApiKeyInfo> keys = new ArrayList<>();
        for (ApiKeyRow row : store.all()) {
            keys.add(new ApiKeyInfo(row.name(), KeyScope.parse(row.scope()).orElse(KeyScope.READ),
                    row.createdAt(), row.lastUsedAt(), row.revokedAt()));
        }
        return keys;
    }

    /** Writes pending last-used times and reloads the active keys; run periodically. */
    public void sync() {
        if (!lastUsed.isEmpty()) {
            Map<String, Instant> pending = Map.copyOf(lastUsed);
            store.touch(pending);
            pending.forEach(lastUsed::remove);
        }
        reload();
    }

    private boolean reloadAllowed() {
        return clock.instant().isAfter(lastReload.plus(RELOAD_ON_MISS_INTERVAL));
    }

    private synchronized void reload() {
        List<ActiveKey> keys = new ArrayList<>();
        if (envKey != null) {
            keys.add(envKey);
        }
        for (ApiKeyRow row : store.all()) {
            if (row.isActive()) {
                keys.add(new ActiveKey(row.name(), KeyScope.parse(row.scope()).orElse(KeyScope.READ),
                        KeyHash.parseHex(row.keyHash())));
            }
        }
        active = List.copyOf(keys);
        lastReload = clock.instant();
    }
}

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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * The API key service used by the HTTP filter and the {@code keys} commands alike. Active keys are
 * held in memory and checked without a store round trip; {@link #sync()} reloads them (picking up
 * keys created or revoked by another process) and records last-used times. Thread-safe, and no lock is
 * held across a store call: a request never waits on another request's reload.
 */
public final class ApiKeys {
    /** The name under which {@code PATCHBAY_ADMIN_API_KEY} is accepted. */
    public static final String ENV_KEY_NAME = "env";
    public static final String BOOTSTRAP_KEY_NAME = "admin";
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$");
    private static final String PREFIX = "pb_";
    /** Longer input cannot be a key; refusing it early keeps huge headers from being hashed. */
    private static final int MAX_KEY_LENGTH = 256;
    /**
     * How often an unknown key may trigger a reload, failed or not, so wrong keys cannot hammer the
     * store, nor, while it is down, hold request threads waiting out the pool's connection timeout.
     */
    private static final Duration RELOAD_ON_MISS_INTERVAL = Duration.ofSeconds(1);

    private record ActiveKey(String name, KeyScope scope, byte[] hash) {
    }

    /** The active keys as read by the reload numbered {@code reload}; a later-started reload wins. */
    private record Loaded(long reload, List<ActiveKey> keys) {
    }

    private final ApiKeyStore store;
    private final Clock clock;
    private final ActiveKey envKey;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> lastUsed = new ConcurrentHashMap<>();
    private final AtomicReference<Loaded> active = new AtomicReference<>(new Loaded(0, List.of()));
    private final AtomicLong reloadsStarted = new AtomicLong();
    /** Held by the one request thread whose unknown key is reloading the keys. */
    private final AtomicBoolean missReloadRunning = new AtomicBoolean();
    private volatile Instant nextMissReload = Instant.EPOCH;

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
        if (found.isEmpty() && claimMissReload()) {
            // The key may have been created by `keys create` in another process since the last reload.
            try {
                reload();
                found = match(hash);
            } catch (StoreUnavailableException e) {
                // Keys known so far keep working while the store is down; this one stays unknown.
            } finally {
                nextMissReload = clock.instant().plus(RELOAD_ON_MISS_INTERVAL);
                missReloadRunning.set(false);
            }
        }
        found.ifPresent(this::noteUse);
        return found;
    }

    /**
     * Whether this unknown key may reload the keys now: no other one is reloading (the others are
     * answered from memory rather than waiting), and the interval since the last one ended has passed.
     */
    private boolean claimMissReload() {
        if (clock.instant().isBefore(nextMissReload) || !missReloadRunning.compareAndSet(false, true)) {
            return false;
        }
        // Another thread may have finished a reload between the time check and the claim.
        if (clock.instant().isBefore(nextMissReload)) {
            missReloadRunning.set(false);
            return false;
        }
        return true;
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
        for (ActiveKey key : active.get().keys()) {
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

    /**
     * Reads the active keys and publishes them unless a reload that started later has already
     * published: reloads may overlap (a miss, the periodic sync, {@code create}), and the one that
     * started last has read the newest state.
     */
    private void reload() {
        long number = reloadsStarted.incrementAndGet();
        Loaded loaded = new Loaded(number, load());
        active.accumulateAndGet(loaded, (current, next) -> next.reload() > current.reload() ? next : current);
    }

    private List<ActiveKey> load() {
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
        return List.copyOf(keys);
    }
}

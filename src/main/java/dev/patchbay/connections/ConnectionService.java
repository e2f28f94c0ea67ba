package dev.patchbay.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.patchbay.catalog.AuthType;
import dev.patchbay.catalog.Catalog;
import dev.patchbay.catalog.FieldError;
import dev.patchbay.catalog.ProviderDescriptor;
import dev.patchbay.crypto.Secret;
import dev.patchbay.crypto.SecretSealer;
import dev.patchbay.store.ConnectionQuery;
import dev.patchbay.store.ConnectionRow;
import dev.patchbay.store.ConnectionStore;
import dev.patchbay.store.IdempotencyRow;
import dev.patchbay.verify.SetupConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The connection use cases: import, create and re-authorize (for the connect flow), list, get,
 * credentials (with refresh, see {@link Refresher}) and delete (with revocation). Tokens are sealed
 * with the master key bound to the connection's id and the field, and opened only to be handed out
 * or sent to the provider that issued them. Thread-safe.
 */
public final class ConnectionService {
    public static final String ACTION_CREATED = "connection.created";
    public static final String ACTION_REAUTHORIZED = "connection.reauthorized";
    public static final String ACTION_REFRESH_FAILED = "connection.refresh_failed";
    public static final String ACTION_DELETED = "connection.deleted";
    public static final String ACTION_DISCONNECTED = "connection.disconnected";
    static final String ACCESS_TOKEN = "access_token";
    static final String REFRESH_TOKEN = "refresh_token";
    static final String CREDENTIAL = "credential";
    private static final int MAX_ATTEMPTS = 5;

    private final Catalog catalog;
    private final ConnectionStore store;
    private final SecretSealer sealer;
    private final TokenEndpoint tokens;
    private final Function<String, Optional<SetupConfig>> setups;
    private final Clock clock;
    private final ConnectionCounts counts;
    private final Refresher refresher;
    private final ObjectMapper canonical;
    private final ObjectMapper json;

    /**
     * @param setups the committed setup of a provider slug with its secrets opened; empty when not set up
     */
    public ConnectionService(Catalog catalog, ConnectionStore store, SecretSealer sealer, TokenEndpoint tokens,
                             Function<String, Optional<SetupConfig>> setups, Clock clock, ConnectionCounts counts,
                             RefreshOutcomes outcomes, ObjectMapper json) {
        this.catalog = catalog;
        this.store = store;
        this.sealer = sealer;
        this.tokens = tokens;
        this.setups = setups;
        this.clock = clock;
        this.counts = counts;
        this.json = json;
        this.canonical = json.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        this.refresher = new Refresher(this, store, tokens, clock, outcomes);
    }

    public ConnectionCounts counts() {
        return counts;
    }

    /** The token endpoint client, for the connect flow's code exchange. */
    public TokenEndpoint tokenEndpoint() {
        return tokens;
    }

    /** What an import answered: its status and body, and whether it is the replay of an earlier answer. */
    public record ImportOutcome(int status, String body, boolean replayed) {
    }

    /**
     * Imports a connection from credentials the caller holds (audit {@code connection.created}). The
     * same {@code idempotencyKey} (per caller) with the same body answers what the first call answered;
     * with another body it throws {@link IdempotencyMismatchException}. {@code render} gives the
     * answer's body, which is remembered with the key.
     */
    public ImportOutcome importConnection(JsonNode body, String idempotencyKey, Actor actor,
                                          Function<Connection, String> render) {
        String keyHash = sha256(actor.name() + "\0" + idempotencyKey);
        String requestHash = sha256(canonicalJson(body));
        Optional<ImportOutcome> earlier = replay(store.idempotency(keyHash), requestHash);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        List<FieldError> errors = new ArrayList<>();
        ImportRequest request = ImportRequest.parse(body, errors);
        ProviderDescriptor provider = request.providerSlug() == null ? null
                : catalog.find(request.providerSlug()).orElse(null);
        if (request.providerSlug() != null && provider == null) {
            errors.add(new FieldError("/provider_slug", "names no connector provider"));
        }
        Instant now = clock.instant();
        UUID id = ConnectionIds.next(now);
        ConnectionRow row = provider == null ? null : switch (provider.authType()) {
            case OAUTH2 -> oauth2Row(id, provider, request, now, actor, errors);
            case API_KEY, BASIC -> credentialRow(id, provider, request, now, actor, errors);
            case NONE -> {
                errors.add(new FieldError("/provider_slug", "the provider takes no credentials, so it has no connections"));
                yield null;
            }
        };
        if (!errors.isEmpty()) {
            throw new InvalidConnectionException(errors);
        }
        if (setups.apply(provider.slug()).isEmpty()) {
            throw new ProviderNotConnectableException();
        }
        Connection connection = Connection.of(row);
        ConnectionStore.Created created = create(row, actor,
                new IdempotencyRow(keyHash, requestHash, 201, render.apply(connection)));
        if (created.replay() != null) {
            return replay(Optional.of(created.replay()), requestHash).orElseThrow();
        }
        return new ImportOutcome(201, render.apply(connection), false);
    }

    private Optional<ImportOutcome> replay(Optional<IdempotencyRow> stored, String requestHash) {
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(stored.get().requestHash().getBytes(StandardCharsets.US_ASCII),
                requestHash.getBytes(StandardCharsets.US_ASCII))) {
            throw new IdempotencyMismatchException();
        }
        return Optional.of(new ImportOutcome(stored.get().status(), stored.get().response(), true));
    }

    /** Creates a connection from a finished authorization flow (audit {@code connection.created}). */
    public Connection create(String providerSlug, String owner, Map<String, String> tags, TokenSet tokenSet,
                             Actor actor) {
        ProviderDescriptor provider = catalog.find(providerSlug).orElseThrow(ProviderNotConnectableException::new);
        Instant now = clock.instant();
        UUID id = ConnectionIds.next(now);
        ConnectionRow row = new ConnectionRow(id, provider.slug(), owner, ConnectionRow.ACTIVE,
                provider.authType().wire(), tags, tokenSet.scopes(), tokenSet.tokenType(), tokenSet.expiresAt(),
                null, null, null, now, now, 1, actor.name(), tokenSet.connectionValues(),
                seal(tokenSet.accessToken(), id, ACCESS_TOKEN),
                tokenSet.refreshToken() == null ? null : seal(tokenSet.refreshToken(), id, REFRESH_TOKEN), null);
        create(row, actor, null);
        return Connection.of(row);
    }

    private ConnectionStore.Created create(ConnectionRow row, Actor actor, IdempotencyRow idempotency) {
        ConnectionStore.Created created;
        try {
            created = store.create(row, audit(ACTION_CREATED, actor, row.updatedAt(),
                    List.of("owner", "tags", "scopes", CREDENTIAL)), idempotency);
        } catch (ConnectionStore.ProviderNotSetUpException e) {
            throw new ProviderNotConnectableException();
        }
        if (created.row() != null) {
            counts.moved(row.providerSlug(), null, ConnectionRow.ACTIVE);
        }
        return created;
    }

    /** New tokens for an existing connection: same id, {@code active} again (audit {@code connection.reauthorized}). */
    public Connection reauthorize(UUID id, TokenSet tokenSet, Actor actor) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            ConnectionRow row = store.find(id).orElseThrow(ConnectionNotFoundException::new);
            Instant now = clock.instant();
            Map<String, String> values = new LinkedHashMap<>(row.connectionValues());
            values.putAll(tokenSet.connectionValues());
            ConnectionRow next = new ConnectionRow(id, row.providerSlug(), row.owner(), ConnectionRow.ACTIVE,
                    row.authType(), row.tags(), tokenSet.scopes().isEmpty() ? row.scopes() : tokenSet.scopes(),
                    tokenSet.tokenType(), tokenSet.expiresAt(), null, null, null, row.createdAt(), now,
                    row.revision() + 1, row.createdBy(), values, seal(tokenSet.accessToken(), id, ACCESS_TOKEN),
                    tokenSet.refreshToken() == null ? null : seal(tokenSet.refreshToken(), id, REFRESH_TOKEN), null);
            if (store.update(next, audit(ACTION_REAUTHORIZED, actor, now, List.of("scopes", CREDENTIAL))).isPresent()) {
                counts.moved(row.providerSlug(), row.status(), ConnectionRow.ACTIVE);
                return Connection.of(next);
            }
        }
        throw new ConcurrentConnectionChangeException();
    }

    public Connection get(UUID id) {
        return Connection.of(store.find(id).orElseThrow(ConnectionNotFoundException::new));
    }

    /** One page of connections, and the id to continue after (null on the last page). */
    public record Page(List<Connection> connections, UUID nextAfter) {
    }

    public Page list(ConnectionQuery query) {
        List<ConnectionRow> rows = store.list(query);
        boolean more = rows.size() > query.limit();
        List<Connection> page = rows.stream().limit(query.limit()).map(Connection::of).toList();
        return new Page(page, more ? page.get(page.size() - 1).id() : null);
    }

    /**
     * A credential that works for at least {@code minTtl} where the provider allows it, refreshing
     * first when the access token expires sooner (or {@code forceRefresh}). Throws
     * {@link ConnectionUnusableException} for a connection that needs re-authorization (also when the
     * provider refuses the refresh now) or is disconnected, and {@link RefreshUnavailableException} when
     * the token has expired and the provider could not refresh it just now.
     */
    public Credentials credentials(UUID id, Duration minTtl, boolean forceRefresh, Actor actor) {
        return access(id, minTtl, forceRefresh, actor, false).credentials();
    }

    /**
     * What a call to the provider's API as this connection needs: the provider, its setup (secrets
     * opened), the values the token response gave the connection and a credential that works now, as
     * {@link #credentials} gives it (same refresh rules and exceptions; a {@code needs_reauth} or
     * {@code disconnected} connection throws before anything is sent).
     */
    public ApiAccess apiAccess(UUID id, Duration minTtl, boolean forceRefresh, Actor actor) {
        return access(id, minTtl, forceRefresh, actor, true);
    }

    /** {@code withSetup}: open the setup too (the proxy fills URLs from it; a credentials read does not). */
    private ApiAccess access(UUID id, Duration minTtl, boolean forceRefresh, Actor actor, boolean withSetup) {
        ConnectionRow row = store.find(id).orElseThrow(ConnectionNotFoundException::new);
        usable(row);
        ProviderDescriptor provider = provider(row);
        Credentials credentials;
        if (provider.authType() != AuthType.OAUTH2) {
            credentials = keyCredentials(id, row.providerSlug(), row.credential(), provider)
                    .orElseThrow(ProviderNotConnectableException::new);
        } else {
            if (row.expiresAt() != null && (forceRefresh || !Refresher.fresh(row, minTtl, clock.instant()))) {
                row = refresher.refresh(row, provider, minTtl, forceRefresh, actor);
            }
            credentials = new Credentials("oauth2", open(row.accessToken(), id, ACCESS_TOKEN), row.tokenType(),
                    row.expiresAt(), row.scopes(), Map.of());
        }
        return new ApiAccess(provider, withSetup ? setups.apply(provider.slug()) : Optional.empty(),
                row.connectionValues(), credentials);
    }

    /**
     * The credential {@link #credentials} hands out for {@code minTtl} without a forced refresh, when the
     * stored row gives it as it is: an active connection whose access token, if it expires, outlives
     * {@code minTtl}. Empty in every other case (no such connection, not active, a refresh due, a
     * provider the catalog or the setups no longer have), which the caller takes to {@link #credentials}
     * to be answered as always. Reads the row on every call and keeps nothing: a connection disconnected
     * here or on another instance is never handed out after. Throws what the store and sealer throw.
     */
    public Optional<Credentials> storedCredentials(UUID id, Duration minTtl) {
        ConnectionStore.CredentialRow row = store.findCredential(id).orElse(null);
        if (row == null || !row.status().equals(ConnectionRow.ACTIVE)) {
            return Optional.empty();
        }
        ProviderDescriptor provider = catalog.find(row.providerSlug()).orElse(null);
        if (provider == null) {
            return Optional.empty();
        }
        if (provider.authType() != AuthType.OAUTH2) {
            return keyCredentials(id, row.providerSlug(), row.credential(), provider);
        }
        if (row.accessToken() == null || !Refresher.fresh(row.expiresAt(), minTtl, clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(new Credentials("oauth2", open(row.accessToken(), id, ACCESS_TOKEN), row.tokenType(),
                row.expiresAt(), row.scopes(), Map.of()));
    }

    /** How many store calls run at once; a caller that reads credentials on threads it must keep free bounds itself by it. */
    public int storeConcurrency() {
        return store.concurrentCalls();
    }

    /**
     * A connection's way to its provider's API. {@code setup} is empty when the provider is no longer
     * set up; {@code connectionValues} are the token response's values named by the descriptor.
     */
    public record ApiAccess(ProviderDescriptor provider, Optional<SetupConfig> setup,
                            Map<String, String> connectionValues, Credentials credentials) {
    }

    /**
     * Disconnects the connection: revokes its token at the provider where the descriptor names a
     * revocation URL (best effort), then destroys its tokens (audit {@code connection.deleted}).
     * Deleting a disconnected connection changes nothing.
     */
    public Connection delete(UUID id, Actor actor) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            ConnectionRow row = store.find(id).orElseThrow(ConnectionNotFoundException::new);
            if (row.status().equals(ConnectionRow.DISCONNECTED)) {
                return Connection.of(row);
            }
            revoke(row);
            Instant now = clock.instant();
            ConnectionRow next = new ConnectionRow(id, row.providerSlug(), row.owner(), ConnectionRow.DISCONNECTED,
                    row.authType(), row.tags(), row.scopes(), row.tokenType(), row.expiresAt(), row.lastRefreshedAt(),
                    row.lastErrorCode(), row.lastErrorAt(), row.createdAt(), now, row.revision() + 1, row.createdBy(),
                    row.connectionValues(), null, null, null);
            if (store.update(next, audit(ACTION_DELETED, actor, now, List.of("status", CREDENTIAL))).isPresent()) {
                counts.moved(row.providerSlug(), row.status(), ConnectionRow.DISCONNECTED);
                return Connection.of(next);
            }
            // Changed meanwhile (a refresh stored new tokens): revoke those too, then try again.
        }
        throw new ConcurrentConnectionChangeException();
    }

    private void revoke(ConnectionRow row) {
        ProviderDescriptor provider = catalog.find(row.providerSlug()).orElse(null);
        if (provider == null || provider.oauth2() == null || provider.oauth2().revocationUrl() == null) {
            return;
        }
        Optional<SetupConfig> setup = setups.apply(row.providerSlug());
        if (setup.isEmpty()) {
            return;
        }
        // RFC 7009 §2.1: revoking the refresh token revokes the grant, and with it the access tokens.
        if (row.refreshToken() != null) {
            tokens.revoke(provider, setup.get(), open(row.refreshToken(), row.id(), REFRESH_TOKEN), REFRESH_TOKEN);
        } else if (row.accessToken() != null) {
            tokens.revoke(provider, setup.get(), open(row.accessToken(), row.id(), ACCESS_TOKEN), ACCESS_TOKEN);
        }
    }

    /** An api_key or basic connection's credential: its own, else the setup's secrets (empty when not set up). */
    private Optional<Credentials> keyCredentials(UUID id, String slug, byte[] sealed, ProviderDescriptor provider) {
        Map<String, Secret> fields = new LinkedHashMap<>();
        if (sealed != null) {
            try {
                JsonNode credential = json.readTree(open(sealed, id, CREDENTIAL).revealPlaintext());
                credential.properties().forEach(field -> fields.put(field.getKey(), Secret.of(field.getValue().asText())));
            } catch (IOException e) {
                throw new IllegalStateException("a stored credential is not valid JSON");
            }
        } else {
            Optional<SetupConfig> setup = setups.apply(slug);
            if (setup.isEmpty()) {
                return Optional.empty();
            }
            for (String field : provider.configSchema().secretFields()) {
                Secret secret = setup.get().secrets().get(field);
                if (secret != null) {
                    fields.put(field, secret);
                }
            }
        }
        return Optional.of(new Credentials(provider.authType().wire(), null, null, null, List.of(), fields));
    }

    private ConnectionRow oauth2Row(UUID id, ProviderDescriptor provider, ImportRequest request, Instant now,
                                    Actor actor, List<FieldError> errors) {
        ImportRequest.OAuth2Credential credential = request.oauth2Credential(errors);
        if (credential == null || !errors.isEmpty()) {
            return null;
        }
        Instant expiresAt = credential.expiresIn() != null ? now.plusSeconds(credential.expiresIn())
                : credential.expiresAt();
        return new ConnectionRow(id, provider.slug(), request.owner(), ConnectionRow.ACTIVE, provider.authType().wire(),
                request.tags(), credential.scopes(), "Bearer", expiresAt, null, null, null, now, now, 1, actor.name(),
                Map.of(), seal(Secret.of(credential.accessToken()), id, ACCESS_TOKEN),
                credential.refreshToken() == null ? null : seal(Secret.of(credential.refreshToken()), id, REFRESH_TOKEN),
                null);
    }

    private ConnectionRow credentialRow(UUID id, ProviderDescriptor provider, ImportRequest request, Instant now,
                                        Actor actor, List<FieldError> errors) {
        JsonNode credential = request.credential();
        byte[] sealed = null;
        if (provider.connectionSchema() == null) {
            if (credential != null && !credential.isEmpty()) {
                errors.add(new FieldError("/credential",
                        "this provider takes no credential per connection: connections use the setup's"));
            }
        } else if (credential == null) {
            errors.add(new FieldError("/credential", "is required: the fields of the provider's connection_schema"));
        } else {
            int before = errors.size();
            provider.connectionSchema().validate(credential).forEach(error ->
                    errors.add(new FieldError("/credential" + error.pointer(), error.message())));
            if (errors.size() == before) {
                sealed = seal(Secret.of(credential.toString()), id, CREDENTIAL);
            }
        }
        if (!errors.isEmpty()) {
            return null;
        }
        return new ConnectionRow(id, provider.slug(), request.owner(), ConnectionRow.ACTIVE, provider.authType().wire(),
                request.tags(), List.of(), null, null, null, null, null, now, now, 1, actor.name(), Map.of(),
                null, null, sealed);
    }

    static void usable(ConnectionRow row) {
        if (!row.status().equals(ConnectionRow.ACTIVE)) {
            throw new ConnectionUnusableException(row.status());
        }
    }

    ProviderDescriptor provider(ConnectionRow row) {
        return catalog.find(row.providerSlug()).orElseThrow(ProviderNotConnectableException::new);
    }

    SetupConfig setup(String slug) {
        return setups.apply(slug).orElseThrow(ProviderNotConnectableException::new);
    }

    void moved(String slug, String from, String to) {
        counts.moved(slug, from, to);
    }

    byte[] seal(Secret secret, UUID id, String field) {
        return sealer.seal(secret, place(id), field);
    }

    Secret open(byte[] ciphertext, UUID id, String field) {
        return sealer.open(ciphertext, place(id), field);
    }

    /** A provider slug never holds ':', so a connection's ciphertext can never open as a setup's. */
    static String place(UUID id) {
        return "connection:" + id;
    }

    static ConnectionStore.AuditEntry audit(String action, Actor actor, Instant at, List<String> changed) {
        return new ConnectionStore.AuditEntry(action, actor.name(), actor.requestId(), at, changed);
    }

    private String canonicalJson(JsonNode body) {
        try {
            // Key order and spacing do not make another request: the same JSON value hashes the same.
            return canonical.writeValueAsString(canonical.treeToValue(body, Object.class));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For master-key rotation: re-seals every token and credential under the sealer's primary key. */
    public static int resealAll(ConnectionStore store, SecretSealer sealer) {
        int resealed = 0;
        UUID after = null;
        while (true) {
            List<ConnectionRow> page = store.sealed(after, 500);
            if (page.isEmpty()) {
                return resealed;
            }
            List<ConnectionRow> rewritten = new ArrayList<>(page.size());
            for (ConnectionRow row : page) {
                String place = place(row.id());
                rewritten.add(new ConnectionRow(row.id(), row.providerSlug(), row.owner(), row.status(), row.authType(),
                        row.tags(), row.scopes(), row.tokenType(), row.expiresAt(), row.lastRefreshedAt(),
                        row.lastErrorCode(), row.lastErrorAt(), row.createdAt(), row.updatedAt(), row.revision(),
                        row.createdBy(), row.connectionValues(), reseal(sealer, row.accessToken(), place, ACCESS_TOKEN),
                        reseal(sealer, row.refreshToken(), place, REFRESH_TOKEN),
                        reseal(sealer, row.credential(), place, CREDENTIAL)));
                resealed += (row.accessToken() == null ? 0 : 1) + (row.refreshToken() == null ? 0 : 1)
                        + (row.credential() == null ? 0 : 1);
            }
            if (store.replaceSealed(rewritten) != rewritten.size()) {
                // Rotation runs with the service stopped; a row that moved means another writer is running.
                throw new ConcurrentConnectionChangeException();
            }
            after = page.get(page.size() - 1).id();
        }
    }

    private static byte[] reseal(SecretSealer sealer, byte[] ciphertext, String place, String field) {
        return ciphertext == null ? null : sealer.seal(sealer.open(ciphertext, place, field), place, field);
    }

}

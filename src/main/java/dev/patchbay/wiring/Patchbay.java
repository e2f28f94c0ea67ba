package dev.patchbay.wiring;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchbay.auth.ApiKeys;
import dev.patchbay.catalog.Catalog;
import dev.patchbay.catalog.CatalogLoader;
import dev.patchbay.connect.CallbackUrls;
import dev.patchbay.connect.ConnectFlow;
import dev.patchbay.connect.ConnectionServiceGrants;
import dev.patchbay.connections.ConnectionCounts;
import dev.patchbay.connections.ConnectionService;
import dev.patchbay.connections.RefreshOutcomes;
import dev.patchbay.connections.TokenEndpoint;
import dev.patchbay.crypto.MasterKeys;
import dev.patchbay.crypto.SecretSealer;
import dev.patchbay.audit.AuditLog;
import dev.patchbay.http.HttpServer;
import dev.patchbay.setup.SetupService;
import dev.patchbay.store.ChangeFeed;
import dev.patchbay.store.Store;
import dev.patchbay.verify.NameResolver;
import dev.patchbay.proxy.Forwarder;
import dev.patchbay.proxy.ProxyOutcomes;
import dev.patchbay.verify.Outbound;
import dev.patchbay.verify.Verifier;
import dev.patchbay.webhooks.Dispatcher;
import dev.patchbay.webhooks.WebhookEndpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One Patchbay instance, wired by hand: catalog, master key, store, services and, once
 * {@link #start()} is called, the HTTP server. Close it to stop everything in reverse order.
 */
public final class Patchbay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Patchbay.class);
    /** How often keys created or revoked by another process are picked up, and last-used times written. */
    private static final long KEY_SYNC_SECONDS = 5;
    /** How often expired connect sessions are deleted. */
    private static final long SESSION_PURGE_SECONDS = 60;
    /** How long after start the schemas are compiled ahead of the first setups. */
    private static final long SCHEMA_WARM_UP_DELAY_MS = 1_000;

    private final Settings settings;
    private final Catalog catalog;
    private final Store store;
    private final ApiKeys keys;
    private final SetupService setups;
    private final ConnectionService connections;
    private final RefreshOutcomes refreshes;
    private final ExecutorService countsWork;
    private final ObjectMapper json;
    private final SecretSealer sealer;
    private final Clock clock;
    private final Webhooks webhooks;
    private final Forwarder forwarder;
    private ConnectFlow connect;
    private ScheduledExecutorService background;
    private DataDirLock lock;
    private boolean closed;
    private HttpServer http;

    private Patchbay(Settings settings, Catalog catalog, Store store, ApiKeys keys, SetupService setups,
                     ConnectionService connections, RefreshOutcomes refreshes, ExecutorService countsWork,
                     ObjectMapper json, SecretSealer sealer, Clock clock, Webhooks webhooks, Forwarder forwarder) {
        this.webhooks = webhooks;
        this.forwarder = forwarder;
        this.connections = connections;
        this.refreshes = refreshes;
        this.countsWork = countsWork;
        this.settings = settings;
        this.sealer = sealer;
        this.clock = clock;
        this.json = json;
        this.catalog = catalog;
        this.store = store;
        this.keys = keys;
        this.setups = setups;
    }

    /**
     * Loads the catalog (an invalid descriptor stops here), the master key and the store. A key file this
     * call creates is removed again when it fails (say, because the database's secrets were sealed under
     * another key): it could open nothing, and the next start would take it for the right one.
     */
    public static Patchbay open(Settings settings) {
        return open(settings, NameResolver.SYSTEM);
    }

    /**
     * As {@link #open(Settings)}, with {@code names} resolving the hosts that verification calls; only
     * tests pass another resolver than the JDK's.
     */
    public static Patchbay open(Settings settings, NameResolver names) {
        // Millisecond precision: timestamps are shown to clients and ordered in the store as text.
        return open(settings, names, Clock.tickMillis(java.time.ZoneOffset.UTC));
    }

    /** {@link #open(Settings)} on {@code clock}, which tests move by hand. */
    public static Patchbay open(Settings settings, Clock clock) {
        return open(settings, NameResolver.SYSTEM, clock);
    }

    /** {@link #open(Settings)} with both seams: name resolution and the clock. */
    public static Patchbay open(Settings settings, NameResolver names, Clock clock) {
        java.nio.file.Path keyFile = settings.dataDir().resolve(MasterKeys.FILE_NAME);
        boolean keyFileIsNew = MasterKeys.isFileBased(settings.masterKey()) && !java.nio.file.Files.exists(keyFile);
        try {
            return openParts(settings, names, clock);
        } catch (RuntimeException e) {
            if (keyFileIsNew) {
                removeNewKeyFile(keyFile);
            }
            throw e;
        }
    }

    private static void removeNewKeyFile(java.nio.file.Path keyFile) {
        try {
            java.nio.file.Files.deleteIfExists(keyFile);
        } catch (java.io.IOException e) {
            log.warn("could not remove the key file this failed start created, {}: {}", keyFile,
                    e.getClass().getSimpleName());
        }
    }

    private static Patchbay openParts(Settings settings, NameResolver names, Clock clock) {
        // The catalog (YAML, schema compilation), the master key (Tink) and the store (driver, pool,
        // first queries) are independent and mostly class loading: they overlap on the other core.
        // Dedicated threads, since the common pool has a single worker on a two-core machine; three, so
        // that the store's head start below begins at once: the store is opened first.
        ExecutorService startup = Executors.newFixedThreadPool(3, daemon("patchbay-start"));
        CompletableFuture<Catalog> loading = CompletableFuture.supplyAsync(
                () -> new CatalogLoader().load(settings.providersDir()), startup);
        CompletableFuture<SecretSealer> sealing = CompletableFuture.supplyAsync(
                () -> MasterKeys.sealer(settings.masterKey(), settings.dataDir()), startup);
        // And the one-time work of the store's first statements and of the HTTP server's start, while
        // this thread opens the store. Only a head start: a failure here shows again, with its real
        // message, where the work is done for real.
        startup.execute(() -> {
            try {
                Store.prepare();
                HttpServer.prepare();
            } catch (RuntimeException | LinkageError e) {
                log.debug("start-up head start failed: {}", e.getClass().getSimpleName());
            }
        });
        startup.shutdown();
        Store store;
        try {
            store = openStore(settings);
        } catch (RuntimeException e) {
            // An invalid descriptor or master key, if any, is the message to report.
            sealing.exceptionally(failure -> null).join();
            await(loading);
            await(sealing);
            throw e;
        }
        try {
            Catalog catalog = await(loading);
            SecretSealer sealer = await(sealing);
            ObjectMapper json = jsonMapper();
            ApiKeys keys = new ApiKeys(store.apiKeys(), clock, settings.adminApiKey());
            Verifier verifier = new Verifier(settings.verifyTimeout(), settings.verifyAllowPrivate(), clock, names);
            LateProviderEventData providerEvents = new LateProviderEventData();
            SetupService setups = new SetupService(catalog, store.setups(), sealer, verifier, clock, json, providerEvents);
            // One thread counts connections, off the start-up path and the request threads.
            ExecutorService countsWork = Executors.newSingleThreadExecutor(daemon("patchbay-connection-counts"));
            RefreshOutcomes refreshes = new RefreshOutcomes();
            ConnectionService connections = new ConnectionService(catalog, store.connections(), sealer,
                    new TokenEndpoint(Outbound.guarded(settings.verifyTimeout(), settings.verifyAllowPrivate()), clock),
                    setups::setupConfig, clock, new ConnectionCounts(store.connections(), countsWork), refreshes, json);
            Outbound webhookCalls = Outbound.guarded(Dispatcher.ATTEMPT_LIMIT, settings.verifyAllowPrivate());
            WebhookEndpoints webhooks = new WebhookEndpoints(store.webhooks(), sealer, webhookCalls,
                    settings.verifyAllowPrivate(), clock);
            Dispatcher dispatcher = new Dispatcher(store.webhooks(), sealer, webhookCalls, clock,
                    settings.webhookPollInterval(), settings.webhookLease(), json);
            Forwarder forwarder = new Forwarder(connections, settings.proxy(), names, new ProxyOutcomes(), clock);
            return new Patchbay(settings, catalog, store, keys, setups, connections, refreshes, countsWork, json, sealer,
                    clock, new Webhooks(providerEvents, webhooks, dispatcher), forwarder);
        } catch (RuntimeException e) {
            store.close();
            // Done before the failure is reported, so that open() may remove a key file it created.
            sealing.exceptionally(failure -> null).join();
            throw e;
        }
    }

    private static <T> T await(CompletableFuture<T> task) {
        try {
            return task.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Runs {@code action} on the key service over the configured store, without the catalog or HTTP. */
    public static <T> T withKeys(Settings settings, java.util.function.Function<ApiKeys, T> action) {
        try (Store store = openStore(settings)) {
            // Milliseconds, as the service records them, so keys listed side by side read alike.
            return action.apply(new ApiKeys(store.apiKeys(), Clock.tickMillis(java.time.ZoneOffset.UTC), settings.adminApiKey()));
        }
    }

    static Store openStore(Settings settings) {
        return settings.databaseUrl() == null ? Store.openSqlite(settings.dataDir()) : Store.open(settings.databaseUrl());
    }

    /** The JSON mapper for request and stored bodies: exact numbers, and ambiguous input refused. */
    static ObjectMapper jsonMapper() {
        return new ObjectMapper()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * Starts serving HTTP and the background key sync. Throws {@link IllegalStateException} while a
     * master-key rotation runs (on this data directory, or on the PostgreSQL database); a failed start
     * closes this instance.
     */
    public Patchbay start() {
        try {
            lock = DataDirLock.shared(settings.dataDir());
            store.changes().start(this::changed, this::resync);
            CallbackUrls callbackUrls = new CallbackUrls(this::publicUrl);
            connect = new ConnectFlow(catalog, setups::setupConfig, store.connectSessions(), sealer,
                    new ConnectionServiceGrants(connections.tokenEndpoint(), connections), callbackUrls,
                    settings.connectAllowedOrigins(), clock, json);
            webhooks.providerEvents().use(HttpServer.providerEventData(json, connections.counts(), callbackUrls));
            http = HttpServer.create(setups, connections, refreshes, connect, callbackUrls, forwarder,
                            settings.proxy().maxConcurrent(), keys, new AuditLog(store.audit()),
                            webhooks.endpoints(), webhooks.dispatcher(), this::isReady, json)
                    .start(settings.host(), settings.port());
            // Counting connections reads a whole index (a million entries: a fifth of a second of CPU on
            // SQLite); begun before the server, it competed with start-up for two cores. Changes made
            // meanwhile are tracked, and a provider read waits for the count (see ConnectionCounts).
            connections.counts().loadInBackground();
        } catch (RuntimeException e) {
            close();
            throw e;
        }

        webhooks.dispatcher().start();
        background = Executors.newSingleThreadScheduledExecutor(daemon("patchbay-key-sync"));
        background.scheduleWithFixedDelay(this::syncKeys, KEY_SYNC_SECONDS, KEY_SYNC_SECONDS, TimeUnit.SECONDS);
        background.scheduleWithFixedDelay(this::purgeConnectSessions, SESSION_PURGE_SECONDS, SESSION_PURGE_SECONDS,
                TimeUnit.SECONDS);
        // Schemas compile on first use; compiling them here, off the request path, spares the first setups.
        // A moment after start, not at once: start-up is CPU-bound on two cores, and this work competed
        // with the first requests (in A/B starts, it put ready about 20 ms later, after 30 ms more CPU).
        background.schedule(this::compileSchemas, SCHEMA_WARM_UP_DELAY_MS, TimeUnit.MILLISECONDS);
        String here = localBase(settings.host(), http.port());
        log.info("Patchbay listening on port {} with {} providers: console {}/console, API docs {}/docs, API {}/v1/",
                http.port(), catalog.size(), here, here, here);
        return this;
    }

    /** The address a browser on this machine reaches the service at. */
    static String localBase(String host, int port) {
        String reachable = host == null || host.isEmpty() || "0.0.0.0".equals(host) || "::".equals(host)
                ? "127.0.0.1" : host;
        return "http://" + (reachable.contains(":") ? "[" + reachable + "]" : reachable) + ":" + port;
    }

    /** Compiles every provider's config schema now, ahead of its first setup. */
    public void compileSchemas() {
        catalog.all().forEach(provider -> provider.configSchema().prepare());
    }

    /** Ready when the store answers and changes made by other instances reach this one. */
    private boolean isReady() {
        return store.changes().isConnected() && store.isReachable();
    }

    /** A change another instance committed: a setup's, or the status of some of a provider's connections. */
    private void changed(String slug, long revision) {
        if (revision != ChangeFeed.CONNECTIONS) {
            setups.changed(slug, revision);
        }
        // A reset elsewhere disconnected the provider's connections in its own transaction.
        connections.counts().recount(slug);
    }

    /** After a lost change feed: whatever other instances changed meanwhile is read again. */
    private void resync() {
        setups.reload();
        connections.counts().reloadInBackground();
        syncKeys();
    }

    /** Where browsers and providers reach this instance: the configured URL, else loopback on the port listened on. */
    private String publicUrl() {
        return settings.publicUrl() != null ? settings.publicUrl() : "http://127.0.0.1:" + http.port();
    }

    /** Deletes connect sessions long expired; another instance may do the same, which is harmless. */
    public void purgeConnectSessions() {
        try {
            int deleted = connect.purgeExpired();
            if (deleted > 0) {
                log.debug("deleted {} expired connect sessions", deleted);
            }
        } catch (RuntimeException e) {
            log.warn("could not delete expired connect sessions: {}", e.getClass().getSimpleName());
        }
    }

    private void syncKeys() {
        try {
            keys.sync();
        } catch (RuntimeException e) {
            log.warn("could not sync API keys with the store: {}", e.getClass().getSimpleName());
        }
    }

    public ApiKeys keys() {
        return keys;
    }

    public ConnectionService connections() {
        return connections;
    }

    public SetupService setups() {
        return setups;
    }

    public WebhookEndpoints webhookEndpoints() {
        return webhooks.endpoints();
    }

    public Catalog catalog() {
        return catalog;
    }

    public int port() {
        return http.port();
    }

    /** Stops everything; calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        if (http != null) {
            log.info("Patchbay stopping: finishing the requests in progress");
        }
        if (background != null) {
            background.shutdownNow();
        }
        if (http != null) {
            http.stop();
        }
        try {
            keys.sync();
        } catch (RuntimeException e) {
            log.warn("could not record last-used times at shutdown: {}", e.getClass().getSimpleName());
        }
        countsWork.shutdownNow();
        webhooks.dispatcher().close();
        store.close();
        if (lock != null) {
            lock.close();
        }
        if (http != null) {
            log.info("Patchbay stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
        }
    }
}

package dev.patchbay.http;

import dev.patchbay.connections.ConnectionService;
import dev.patchbay.connections.RefreshOutcomes;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchbay.audit.AuditLog;
import dev.patchbay.auth.ApiKeys;
import dev.patchbay.auth.FailedKeyThrottle;
import dev.patchbay.connect.CallbackUrls;
import dev.patchbay.connect.ConnectFlow;
import dev.patchbay.connections.ConnectionCounts;
import dev.patchbay.setup.ProviderEventData;
import dev.patchbay.proxy.Forwarder;
import dev.patchbay.setup.SetupService;
import dev.patchbay.webhooks.Dispatcher;
import dev.patchbay.webhooks.WebhookEndpoints;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.util.function.BooleanSupplier;

/**
 * Builds the Javalin app: filters, routes and the problem mapper, in the order requests meet them, with
 * {@link ProviderReadShortcut} and {@link CredentialsReadShortcut} in front of it.
 */
public final class HttpServer {
    static final String CONTENT_TYPE_OPTIONS = "X-Content-Type-Options";
    /** How long a stop lets requests in progress finish; the longest of them waits 5 s on a verification. */
    static final long STOP_TIMEOUT_MS = 6_000;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HttpServer.class);
    private static final String REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    private final Javalin app;
    private final BlockingWork blocking;
    private final ProxyRoutes proxy;
    private final GracefulHandler inProgress;
    private final java.util.concurrent.atomic.AtomicReference<org.eclipse.jetty.server.Server> jetty;

    private HttpServer(Javalin app, BlockingWork blocking, ProxyRoutes proxy, GracefulHandler inProgress,
                       java.util.concurrent.atomic.AtomicReference<org.eclipse.jetty.server.Server> jetty) {
        this.app = app;
        this.blocking = blocking;
        this.proxy = proxy;
        this.inProgress = inProgress;
        this.jetty = jetty;
    }

    public static HttpServer create(SetupService setups, ConnectionService connections, RefreshOutcomes refreshes,
                                    ConnectFlow connect, CallbackUrls callbackUrls, Forwarder forwarder,
                                    int proxyThreads, ApiKeys keys, AuditLog audit,
                                    WebhookEndpoints webhooks, Dispatcher dispatcher,
                                    BooleanSupplier storeReachable, ObjectMapper json) {
        spareJettyTheMBeanServer();
        ProblemMapper problems = new ProblemMapper(json);
        // One throttle for both places a wrong key is refused: Javalin's filter and the read shortcut.
        FailedKeyThrottle throttle = FailedKeyThrottle.standard(java.time.Clock.systemUTC());
        ApiKeyFilter apiKeys = new ApiKeyFilter(keys, throttle);
        BlockingWork blocking = new BlockingWork(BlockingWork.MAX_THREADS);
        QueuedThreadPool requestThreads = requestThreads();
        ProviderJson render = new ProviderJson(json, connections.counts(), callbackUrls);
        DefaultListPage listPage = new DefaultListPage(setups, connections.counts(), render);
        ProvidersRoutes providers = new ProvidersRoutes(setups, render, listPage, new BodyReader(json), blocking,
                requestThreads, connections.counts());
        ConnectionJson connectionJson = new ConnectionJson(json);
        ConnectionsRoutes connectionRoutes = new ConnectionsRoutes(connections, connectionJson, new BodyReader(json));
        HealthRoutes health = new HealthRoutes(storeReachable, problems);
        AuditRoutes auditRoutes = new AuditRoutes(audit, json);
        HttpMetrics metrics = new HttpMetrics();
        metrics.countRefreshes(refreshes);
        metrics.countWebhooks(dispatcher.counters());
        WebhookRoutes webhookRoutes = new WebhookRoutes(webhooks, dispatcher, new WebhookJson(json), new BodyReader(json));
        metrics.countProxyCalls(forwarder.outcomes());
        ProxyRoutes proxy = new ProxyRoutes(forwarder, proxyThreads);
        ConnectRoutes connectRoutes = new ConnectRoutes(connect, new BodyReader(json), blocking, metrics, json);
        ProviderReadShortcut shortcut = new ProviderReadShortcut(setups, render, listPage, keys, throttle, metrics, json);
        CredentialsReadShortcut credentials = new CredentialsReadShortcut(connections, connectionJson, keys, metrics);
        OpenApiRoutes openApi = new OpenApiRoutes();
        DocsRoutes docs = new DocsRoutes();
        ConsoleRoutes console = new ConsoleRoutes();
        KeyRoutes keyRoutes = new KeyRoutes(json);
        GracefulHandler inProgress = new GracefulHandler();
        java.util.concurrent.atomic.AtomicReference<org.eclipse.jetty.server.Server> jetty =
                new java.util.concurrent.atomic.AtomicReference<>();
        Javalin app = Javalin.create(config -> {
            config.jetty.threadPool = requestThreads;
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = BodyReader.MAX_BYTES;
            config.http.prefer405over404 = true;
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new JettyProblems(json));
                // Meet every request before Javalin does, and pass on all but the polled reads: the
                // provider reads first, the most frequent.
                server.insertHandler(credentials);
                server.insertHandler(shortcut);
                // Outermost: counts the requests in progress, which stop() lets finish.
                server.insertHandler(inProgress);
                // Not Jetty's own graceful stop: it also waits for idle keep-alive connections to close,
                // which a pooling client (OkHttp, browsers) leaves open for minutes. stop() drains instead.
                server.setStopTimeout(0);
                server.addEventListener(QUIET_CONNECTIONS_CUT);
                jetty.set(server);
            });
            config.jetty.modifyHttpConfiguration(HttpServer::limitSlowClients);
            config.requestLogger.http((ctx, millis) -> {
                AccessLog.record(ctx, millis);
                metrics.record(ctx, millis);
            });
            config.routes.before(ctx -> beforeEveryRoute(ctx, apiKeys));
            health.register(config.routes, blocking);
            providers.register(config.routes);
            connectionRoutes.register(config.routes, blocking);
            auditRoutes.register(config.routes, blocking);
            webhookRoutes.register(config.routes, blocking);
            keyRoutes.register(config.routes);
            connectRoutes.register(config.routes);
            proxy.register(config.routes);
            openApi.register(config.routes);
            docs.register(config.routes);
            console.register(config.routes);
            new MetricsRoutes(metrics).register(config.routes);
            problems.register(config.routes);
        });
        return new HttpServer(app, blocking, proxy, inProgress, jetty);
    }

    /**
     * Request threads only answer from memory: everything that waits on the store, an external service
     * or a client's body runs on {@link BlockingWork}. So a few threads per core keep the cores busy, and
     * more would only take turns on them: in A/B runs of the mixed benchmark, Jetty's default of up to
     * 250 threads gave a 99th percentile about 1.5 times that of 12. The spare ones cover Jetty's
     * selector and acceptor and a client slow to read its response.
     */
    private static QueuedThreadPool requestThreads() {
        int threads = requestThreadCount();
        QueuedThreadPool pool = new QueuedThreadPool(threads, Math.min(threads, 8), 60_000);
        pool.setName("patchbay-http");
        return pool;
    }

    static int requestThreadCount() {
        return 8 + 2 * Runtime.getRuntime().availableProcessors();
    }

    /**
     * Jetty sizes its padding against false sharing from the JVM's compressed-oops flag, which it reads
     * through the platform MBean server: starting JMX costs a good share of Jetty's start. 16 references
     * fill a 64-byte cache line with compressed oops and two without, so the padding holds either way.
     */
    private static void spareJettyTheMBeanServer() {
        if (System.getProperty(REFERENCES_PER_CACHE_LINE) == null) {
            System.setProperty(REFERENCES_PER_CACHE_LINE, "16");
        }
    }

    /**
     * Initializes Jetty's and Javalin's classes ahead of {@link #create}, on the calling thread: start-up
     * runs this beside the store opening, so the server starts on classes that are ready. Builds a
     * server and a connector that are never started, and drops them.
     */
    public static void prepare() {
        spareJettyTheMBeanServer();
        org.eclipse.jetty.server.Server server = new org.eclipse.jetty.server.Server();
        new org.eclipse.jetty.server.ServerConnector(server);
        Javalin.create(config -> config.startup.showJavalinBanner = false);
    }

    /**
     * Setups and patches read their bodies through BodyReader, which answers a trickled body with a 408
     * itself; Jetty's own minimum rate stands behind any body read through the servlet stream.
     */
    private static void limitSlowClients(org.eclipse.jetty.server.HttpConfiguration http) {
        http.setMinRequestDataRate(BodyReader.MIN_BYTES_PER_SECOND);
    }

    /** How long a connection may stay quiet, between requests or within one, before it is cut off. */
    static final long IDLE_TIMEOUT_MS = 10_000;

    /**
     * Sets {@link #IDLE_TIMEOUT_MS} (Jetty's default is 30 s) on the connectors Javalin made, as the
     * server starts. On the connectors, not on the HTTP configuration: a request's own idle timeout that
     * differs from its connection's is set and set back around every request, each time rescheduling
     * the connection's timer on the one scheduler all connections share (in a profile of GET one, a
     * lock around that scheduler's queue was among the hottest frames).
     */
    private static final org.eclipse.jetty.util.component.LifeCycle.Listener QUIET_CONNECTIONS_CUT =
            new org.eclipse.jetty.util.component.LifeCycle.Listener() {
                @Override
                public void lifeCycleStarting(org.eclipse.jetty.util.component.LifeCycle event) {
                    for (org.eclipse.jetty.server.Connector connector : ((org.eclipse.jetty.server.Server) event).getConnectors()) {
                        if (connector instanceof org.eclipse.jetty.server.AbstractConnector network) {
                            network.setIdleTimeout(IDLE_TIMEOUT_MS);
                        }
                    }
                }
            };

    /**
     * What every request meets first: its id and the common headers, then, under {@code /v1/}, the key
     * check and the query string check. One filter rather than one per concern: Javalin matches each
     * filter's path against each request with a regular expression.
     */
    private static void beforeEveryRoute(Context ctx, ApiKeyFilter apiKeys) {
        RequestIds.assign(ctx);
        ctx.header(CONTENT_TYPE_OPTIONS, "nosniff");
        if (ctx.path().startsWith("/v1/")) {
            // Responses carry configuration of the caller's providers; no cache may keep them.
            ctx.header("Cache-Control", "no-store");
            // A browser opens the connect flow's pages: their token or state is the credential.
            if (!ctx.path().startsWith(ConnectRoutes.BROWSER_ROOT)) {
                apiKeys.check(ctx);
            }
            QueryStrings.requireWellFormed(ctx);
        }
    }

    /**
     * The provider resource as the API renders it, for webhook events: a provider's event shows it as
     * {@code GET} would right after the change.
     */
    public static ProviderEventData providerEventData(ObjectMapper json, ConnectionCounts counts,
                                                      CallbackUrls callbackUrls) {
        return new ProviderJson(json, counts, callbackUrls)::eventData;
    }

    /** Starts listening; port 0 picks a free one. */
    public HttpServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    /**
     * Stops taking connections, lets requests in progress finish (for up to {@link #STOP_TIMEOUT_MS}),
     * then lets the calls in progress on {@link BlockingWork} finish.
     */
    public void stop() {
        org.eclipse.jetty.server.Server server = jetty.get();
        if (server != null) {
            for (org.eclipse.jetty.server.Connector connector : server.getConnectors()) {
                if (connector instanceof org.eclipse.jetty.server.NetworkConnector network) {
                    network.shutdown(); // closes the listening socket; open connections stay
                }
            }
        }
        try {
            inProgress.shutdown().get(STOP_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            log.warn("requests still in progress after {} ms are cut off", STOP_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        app.stop();
        proxy.close();
        blocking.close();
    }
}

package dev.patchbay.http;

import dev.patchbay.connections.RefreshOutcomes;
import dev.patchbay.proxy.ProxyOutcomes;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import dev.patchbay.connect.FlowOutcome;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Patchbay's Prometheus metrics, all derived from finished exchanges so that no route or service
 * needs to know about them. Labels hold route templates, methods, statuses and nothing a client
 * typed, so the label sets stay small and no value (let alone a secret) can reach a metric.
 * Thread-safe; one instance per server, with its own registry.
 */
final class HttpMetrics {
    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    /** The route label of a request that matched no route (an unknown path, a method a path does not have). */
    static final String UNMATCHED = "unmatched";
    private static final String SETUP_ROUTE = ProvidersRoutes.ROOT + "/{provider_slug}/setup";
    /** Reads are answered from memory in well under a millisecond; writes wait for a durable commit. */
    private static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests = Counter.builder().name("patchbay_http_requests")
            .help("HTTP requests answered, by method, route template and status.")
            .labelNames("method", "route", "status").withoutExemplars().register(registry);
    private final Histogram duration = Histogram.builder().name("patchbay_http_request_duration_seconds")
            .help("Time to answer an HTTP request, by method, route template and status.")
            .labelNames("method", "route", "status").classicOnly().classicUpperBounds(BUCKETS)
            // No exemplars: no trace context to take them from, and sampling for them cost every request.
            .withoutExemplars().register(registry);
    private final Counter setups = Counter.builder().name("patchbay_setups")
            .help("Setups stored by POST or PATCH (dry runs excluded).")
            .labelNames("method").register(registry);
    private final Counter resets = Counter.builder().name("patchbay_resets")
            .help("Resets answered 200, including resets of a provider that was not set up.").register(registry);
    private final Counter validationFailures = Counter.builder().name("patchbay_validation_failures")
            .help("Setups refused because they fail the provider's config_schema (422 validation-failed).")
            .register(registry);
    private final Counter storeErrors = Counter.builder().name("patchbay_store_errors")
            .help("Requests answered 503 because the store did not answer.").register(registry);
    private final Counter connectFlows = Counter.builder().name("patchbay_connect_flows")
            .help("Steps of browser connect flows by outcome: started (sent to the provider), connected, denied,"
                    + " exchange_failed, invalid_issuer, expired, invalid_state, invalid_token.")
            .labelNames("outcome").register(registry);

    {
        // Every outcome shows from the start, at 0, so that a rate of failures is defined before the first.
        for (FlowOutcome outcome : FlowOutcome.values()) {
            connectFlows.labelValues(outcome.metric());
        }
    }

    /** Refreshes by outcome, read from the connection service's own counts when scraped. */
    void countRefreshes(RefreshOutcomes outcomes) {
        io.prometheus.metrics.core.metrics.CounterWithCallback.builder().name("patchbay_connection_refreshes")
                .help("Credential reads that needed a fresh access token, by how they ended: refreshed (the"
                        + " provider was called), shared (another caller's refresh served it), invalid_grant,"
                        + " temporary_failure, rejected.")
                .labelNames("outcome")
                .callback(callback -> {
                    for (RefreshOutcomes.Outcome outcome : RefreshOutcomes.Outcome.values()) {
                        callback.call(outcomes.count(outcome), outcome.wire());
                    }
                })
                .register(registry);
    }

    void countWebhooks(dev.patchbay.webhooks.WebhookCounters counters) {
        io.prometheus.metrics.core.metrics.CounterWithCallback.builder().name("patchbay_webhook_events")
                .help("Webhook events this instance fanned out to endpoints (each event written is fanned out"
                        + " once, by one instance).")
                .callback(callback -> callback.call(counters.events()))
                .register(registry);
        io.prometheus.metrics.core.metrics.CounterWithCallback.builder().name("patchbay_webhook_deliveries")
                .help("Webhook delivery attempts this instance made, by how they ended: delivered, retry (the"
                        + " receiver failed; tried again later), failed (given up after 3 days).")
                .labelNames("outcome")
                .callback(callback -> {
                    for (dev.patchbay.webhooks.WebhookCounters.Outcome outcome
                            : dev.patchbay.webhooks.WebhookCounters.Outcome.values()) {
                        callback.call(counters.count(outcome), outcome.wire());
                    }
                })
                .register(registry);
        io.prometheus.metrics.core.metrics.GaugeWithCallback.builder()
                .name("patchbay_webhook_oldest_pending_age_seconds")
                .help("Age of the oldest webhook delivery not yet delivered nor given up (0 when none), read from"
                        + " the database at each scrape.")
                .callback(callback -> {
                    try {
                        callback.call(counters.oldestPendingSeconds());
                    } catch (RuntimeException e) {
                        // The store is down: the gauge is left out of this scrape rather than failing it.
                    }
                })
                .register(registry);
    }

    /** Proxied calls by provider and outcome, read from the forwarder's own counts when scraped. */
    void countProxyCalls(ProxyOutcomes outcomes) {
        io.prometheus.metrics.core.metrics.CounterWithCallback.builder().name("patchbay_proxy_requests")
                .help("Calls forwarded by the proxy, by provider slug and outcome: the class of the provider's"
                        + " status (2xx, 3xx, 4xx, 5xx) or failed (no answer: refused destination, timeout,"
                        + " unreachable, broken off).")
                .labelNames("provider", "outcome")
                .callback(callback -> outcomes.snapshot().forEach((key, count) ->
                        callback.call(count, key.provider(), key.outcome())))
                .register(registry);
    }

    /** Set by the first scrape: registering reads the JVM's management beans, which start-up need not wait for. */
    private boolean jvmRegistered;

    /**
     * Only collectors that read the JVM when scraped: those that install notification listeners
     * (allocation metrics) would outlive a stopped server.
     */
    private synchronized void registerJvmCollectors() {
        if (jvmRegistered) {
            return;
        }
        JvmMemoryMetrics.builder().register(registry);
        JvmThreadsMetrics.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        JvmClassLoadingMetrics.builder().register(registry);
        JvmRuntimeInfoMetric.builder().register(registry);
        ProcessMetrics.builder().register(registry);
        jvmRegistered = true;
    }

    /** Records one finished exchange; {@code millis} is the time Javalin took to answer it. */
    void record(Context ctx, float millis) {
        record(ctx.method().name(), route(ctx), ctx.statusCode(), millis, ctx.queryParam("dry_run"),
                ProblemMapper.problemTypeOf(ctx));
    }

    /** Records one finished exchange; {@code problem} is the problem type URI the answer carried, if any. */
    void record(String method, String route, int status, float millis, String dryRun, String problem) {
        String statusLabel = Integer.toString(status);
        requests.labelValues(method, route, statusLabel).inc();
        duration.labelValues(method, route, statusLabel).observe(millis / 1000.0);
        if (status == 200 && route.equals(SETUP_ROUTE)) {
            if (method.equals("DELETE")) {
                resets.inc();
            } else if (!"true".equals(dryRun)) {
                setups.labelValues(method).inc();
            }
        }
        if (ProblemType.VALIDATION_FAILED.uri.equals(problem)) {
            validationFailures.inc();
        } else if (ProblemType.STORE_UNAVAILABLE.uri.equals(problem)) {
            storeErrors.inc();
        }
    }

    /**
     * The series of one method, route and status of a read or a refusal, looked up once: for answers
     * given again and again, whose labels are known before the request comes.
     */
    Series series(String method, String route, int status) {
        return new Series(this, method, route, Integer.toString(status));
    }

    /**
     * What {@link #record} does for an exchange that is no setup, reset or failed write. The data points
     * are looked up at the first exchange, so that a series shows in a scrape once it has happened, as
     * those of {@link #record} do.
     */
    static final class Series {
        private final HttpMetrics metrics;
        private final String[] labels;
        private volatile CounterDataPoint requests;
        private volatile DistributionDataPoint duration;

        private Series(HttpMetrics metrics, String... labels) {
            this.metrics = metrics;
            this.labels = labels;
        }

        void record(float millis) {
            DistributionDataPoint observed = duration;
            if (observed == null) {
                // Two first exchanges may both look them up: the registry hands both the same points.
                requests = metrics.requests.labelValues(labels);
                observed = metrics.duration.labelValues(labels);
                duration = observed;
            }
            requests.inc();
            observed.observe(millis / 1000.0);
        }
    }

    /** Counts one step of a browser connect flow. */
    void connectFlow(FlowOutcome outcome) {
        connectFlows.labelValues(outcome.metric()).inc();
    }

    /** Writes every metric in the Prometheus text format. */
    void write(OutputStream out) throws IOException {
        registerJvmCollectors();
        writer.write(out, registry.scrape());
    }

    /** The matched route's template, never the raw path: a path can carry anything a client typed. */
    static String route(Context ctx) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        return endpoint == null ? UNMATCHED : endpoint.path;
    }
}

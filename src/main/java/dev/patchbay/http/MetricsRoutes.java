package dev.patchbay.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@code /metrics}: the Prometheus text format. No key is needed (scrapers rarely carry one), which
 * is safe because no metric holds a secret, a configuration value or a raw path.
 */
final class MetricsRoutes {
    static final String PATH = "/metrics";

    private final HttpMetrics metrics;

    MetricsRoutes(HttpMetrics metrics) {
        this.metrics = metrics;
    }

    void register(RoutesConfig routes) {
        Reads.register(routes, PATH, this::scrape);
    }

    private void scrape(Context ctx) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        metrics.write(out);
        ctx.contentType(HttpMetrics.CONTENT_TYPE).result(out.toByteArray());
    }
}

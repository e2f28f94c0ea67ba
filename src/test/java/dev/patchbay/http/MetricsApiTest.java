package dev.patchbay.http;

import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /metrics}: Prometheus text, no key, route templates as labels and nothing a client typed. */
class MetricsApiTest {
    private static final String PROVIDER_ROUTE = "route=\"/v1/admin/connector-providers/{provider_slug}\"";

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    @Test
    void metrics_are_prometheus_text_and_need_no_key() {
        ApiResponse metrics = server.api().withKey(null).get(MetricsRoutes.PATH);

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain").contains("version=0.0.4");
        assertThat(metrics.body()).contains("# TYPE patchbay_resets_total counter");
    }

    @Test
    void requests_are_counted_and_timed_by_method_route_template_and_status() {
        server.api().provider("github");
        server.api().provider("github");
        server.api().provider("no-such-provider");

        String metrics = scrape();

        assertThat(metrics).contains(
                "patchbay_http_requests_total{method=\"GET\"," + PROVIDER_ROUTE + ",status=\"200\"} 2.0\n",
                "patchbay_http_requests_total{method=\"GET\"," + PROVIDER_ROUTE + ",status=\"404\"} 1.0\n",
                "patchbay_http_request_duration_seconds_count{method=\"GET\"," + PROVIDER_ROUTE + ",status=\"200\"} 2\n",
                "patchbay_http_request_duration_seconds_bucket{method=\"GET\"," + PROVIDER_ROUTE + ",status=\"200\",le=\"+Inf\"} 2\n");
    }

    @Test
    void a_raw_path_never_becomes_a_label() {
        String typed = server.secret("path");
        server.api().provider(typed);
        server.api().get("/no/such/" + typed);

        String metrics = scrape();

        assertThat(metrics).doesNotContain(typed);
        assertThat(metrics).contains("route=\"" + HttpMetrics.UNMATCHED + "\",status=\"404\"");
    }

    @Test
    void stored_setups_resets_and_validation_failures_are_counted() {
        Api api = server.api();
        String github = "{\"client_id\":\"Iv1.metrics\",\"client_secret\":\"" + server.secret("gh") + "\"}";
        assertThat(api.setup("github", github).status()).isEqualTo(200);
        assertThat(api.postJson(Api.PROVIDERS + "/github/setup?dry_run=true", github).status()).isEqualTo(200);
        assertThat(api.send("PATCH", Api.PROVIDERS + "/github/setup", "{\"client_id\":\"Iv1.other\"}",
                "application/merge-patch+json", Map.of()).status()).isEqualTo(200);
        assertThat(api.setup("github", "{\"client_id\":\"Iv1.metrics\"}").status()).isEqualTo(422);
        assertThat(api.reset("github").status()).isEqualTo(200);

        String metrics = scrape();

        assertThat(metrics).contains("patchbay_setups_total{method=\"POST\"} 1.0\n",
                "patchbay_setups_total{method=\"PATCH\"} 1.0\n", "patchbay_validation_failures_total 1.0\n",
                "patchbay_resets_total 1.0\n", "patchbay_store_errors_total 0.0\n");
    }

    @Test
    void jvm_and_process_basics_are_exposed() {
        assertThat(scrape()).contains("jvm_memory_used_bytes{area=\"heap\"}", "jvm_threads_current",
                "jvm_gc_collection_seconds_count", "jvm_runtime_info", "process_cpu_seconds_total");
    }

    private String scrape() {
        return server.api().withKey(null).get(MetricsRoutes.PATH).body();
    }
}

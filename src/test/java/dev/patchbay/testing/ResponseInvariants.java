package dev.patchbay.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every answer of Patchbay has, whatever was asked: {@code X-Content-Type-Options: nosniff};
 * {@code Cache-Control: no-store} under {@code /v1/}; and for every error a problem+json body with a
 * {@code request_id} equal to the {@code X-Request-Id} header, never an HTML page, a stack trace or the
 * name of a Java class. {@link PatchbayServerExtension} applies it to every recorded answer after
 * each test; tests that talk raw HTTP apply it themselves.
 */
public final class ResponseInvariants {
    /** Fragments of stack traces and class names, which an error body must never carry. */
    private static final List<String> INTERNALS = List.of("Exception", "dev.patchbay", "java.", "javax.",
            "org.eclipse", "io.javalin", "com.fasterxml", "\tat ", "<html", "<HTML", "<!DOCTYPE");

    private ResponseInvariants() {
    }

    public static void assertHolds(ApiResponse response) {
        String what = response.status() + " " + (response.path() == null ? "" : response.path()) + " " + response.body();
        assertThat(response.header("X-Content-Type-Options")).as("X-Content-Type-Options of %s", what).isEqualTo("nosniff");
        if (response.path() != null && response.path().startsWith("/v1/")) {
            assertThat(response.header("Cache-Control")).as("Cache-Control of %s", what).isEqualTo("no-store");
        }
        if (isConnectPage(response)) {
            assertIsConnectPage(response, what);
        } else if (response.status() >= 400 && !isProviderAnswer(response)) {
            assertIsProblem(response, what);
        }
    }

    /** Through the proxy, an error that is not problem+json is the provider's own answer, passed back as it is. */
    private static boolean isProviderAnswer(ApiResponse response) {
        return response.path() != null && response.path().startsWith("/v1/proxy/")
                && (response.contentType() == null || !response.contentType().startsWith("application/problem+json"));
    }

    /** The browser's side of a connect flow answers with pages, errors included. */
    private static boolean isConnectPage(ApiResponse response) {
        return response.path() != null && response.path().startsWith("/v1/connectors/oauth/")
                && response.contentType() != null && response.contentType().startsWith("text/html");
    }

    private static void assertIsConnectPage(ApiResponse response, String what) {
        assertThat(response.header("Content-Security-Policy")).as("Content-Security-Policy of %s", what)
                .startsWith("default-src 'none';").contains("frame-ancestors 'none'").doesNotContain("unsafe");
        assertThat(response.header("Referrer-Policy")).as("Referrer-Policy of %s", what).isEqualTo("no-referrer");
        for (String internal : INTERNALS.subList(0, INTERNALS.size() - 3)) {
            assertThat(response.body()).as("page %s", what).doesNotContain(internal);
        }
    }

    private static void assertIsProblem(ApiResponse response, String what) {
        assertThat(response.contentType()).as("Content-Type of %s", what).startsWith("application/problem+json");
        if (response.body().isEmpty() && response.header("X-Request-Id") != null) {
            return; // the answer to a HEAD (the proxy takes HEAD): a problem's headers, without its body
        }
        for (String internal : INTERNALS) {
            assertThat(response.body()).as("error body %s", what).doesNotContain(internal);
        }
        JsonNode problem = response.json();
        assertThat(problem.path("status").asInt()).as("status in %s", what).isEqualTo(response.status());
        assertThat(problem.path("type").asText()).as("type in %s", what).isNotBlank();
        assertThat(problem.path("title").asText()).as("title in %s", what).isNotBlank();
        assertThat(problem.path("detail").asText()).as("detail in %s", what).isNotBlank();
        assertThat(problem.path("request_id").asText()).as("request_id in %s", what)
                .isNotBlank().isEqualTo(response.header("X-Request-Id"));
    }
}

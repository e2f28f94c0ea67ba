package dev.patchbay.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Write calls with headers and query strings, and the reads that check what they did; shared by the http tests. */
final class SetupCalls {
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String JSON = "application/json";
    static final String AUDIT = "/v1/admin/audit-events";
    static final String MASK = "********";

    private SetupCalls() {
    }

    static String setupPath(String slug) {
        return Api.PROVIDERS + "/" + slug + "/setup";
    }

    static String github(String clientId, String clientSecret) {
        return "{\"client_id\":\"" + clientId + "\",\"client_secret\":\"" + clientSecret + "\"}";
    }

    static Map<String, String> ifMatch(String value) {
        return Map.of("If-Match", value);
    }

    static ApiResponse post(Api api, String slug, String body, Map<String, String> headers) {
        return post(api, slug, "", body, headers);
    }

    /** {@code query} is appended as it is, e.g. {@code "?dry_run=true"}. */
    static ApiResponse post(Api api, String slug, String query, String body, Map<String, String> headers) {
        return api.send("POST", setupPath(slug) + query, body, JSON, headers);
    }

    static ApiResponse patch(Api api, String slug, String body) {
        return patch(api, slug, "", body, MERGE_PATCH, Map.of());
    }

    static ApiResponse patch(Api api, String slug, String body, Map<String, String> headers) {
        return patch(api, slug, "", body, MERGE_PATCH, headers);
    }

    static ApiResponse patch(Api api, String slug, String query, String body, String contentType,
                             Map<String, String> headers) {
        return api.send("PATCH", setupPath(slug) + query, body, contentType, headers);
    }

    static ApiResponse delete(Api api, String slug, Map<String, String> headers) {
        return api.send("DELETE", setupPath(slug), null, null, headers);
    }

    static String etag(ApiResponse response) {
        return response.header("ETag");
    }

    /** The provider's ETag as GET one shows it. */
    static String currentEtag(Api api, String slug) {
        ApiResponse read = api.provider(slug);
        assertThat(read.status()).isEqualTo(200);
        return etag(read);
    }

    /** GET one's {@code data}, which must not change when a write is refused. */
    static JsonNode providerData(Api api, String slug) {
        ApiResponse read = api.provider(slug);
        assertThat(read.status()).isEqualTo(200);
        return read.data();
    }

    /** Every audit event (of {@code slug}, or of all providers when null), newest first, over all pages. */
    static List<JsonNode> auditEvents(Api api, String slug) {
        List<JsonNode> events = new ArrayList<>();
        String cursor = null;
        do {
            String query = "?limit=500" + (slug == null ? "" : "&provider_slug=" + slug)
                    + (cursor == null ? "" : "&cursor=" + cursor);
            ApiResponse page = api.get(AUDIT + query);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.data().forEach(events::add);
            JsonNode next = page.json().at("/meta/next_cursor");
            cursor = next.isNull() || next.isMissingNode() ? null : next.asText();
        } while (cursor != null);
        return events;
    }

    /** The newest audit event of {@code slug}. */
    static JsonNode latestAuditEvent(Api api, String slug) {
        ApiResponse page = api.get(AUDIT + "?limit=1&provider_slug=" + slug);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.data()).hasSize(1);
        return page.data().get(0);
    }

    static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    /** The {@code pointer} of every entry of a validation problem's {@code errors}. */
    static List<String> errorPointers(ApiResponse problem) {
        List<String> pointers = new ArrayList<>();
        problem.json().path("errors").forEach(error -> pointers.add(error.path("pointer").asText()));
        return pointers;
    }

    /** A problem+json answer with {@code status}. */
    static void assertProblem(ApiResponse response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().has("request_id")).isTrue();
    }
}

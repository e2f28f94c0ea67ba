package dev.patchbay.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The webhook calls tests make: endpoints and their deliveries. */
final class WebhookCalls {
    static final String ENDPOINTS = "/v1/admin/webhook-endpoints";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookCalls() {
    }

    /** A created endpoint: its id and the secret shown once. */
    record Created(String id, String secret) {
    }

    static ApiResponse create(Api api, String url, List<String> events) {
        ObjectNode body = JSON.createObjectNode().put("url", url);
        events.forEach(body.putArray("events")::add);
        return api.postJson(ENDPOINTS, body.toString());
    }

    static Created endpoint(Api api, String url, List<String> events) {
        ApiResponse created = create(api, url, events);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return new Created(created.data().get("id").asText(), created.data().get("secret").asText());
    }

    static JsonNode deliveries(Api api, String endpointId) {
        ApiResponse page = api.get(ENDPOINTS + "/" + endpointId + "/deliveries");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page.data();
    }
}

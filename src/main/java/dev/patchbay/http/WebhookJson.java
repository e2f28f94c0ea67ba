package dev.patchbay.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchbay.store.WebhookDeliveryRow;
import dev.patchbay.webhooks.EndpointWithSecret;
import dev.patchbay.webhooks.WebhookEndpoint;
import dev.patchbay.webhooks.WebhookEndpoints;

import java.time.Instant;
import java.util.List;

/** Renders webhook endpoints and deliveries in the contract's shape. Thread-safe. */
final class WebhookJson {
    private final ObjectMapper json;

    WebhookJson(ObjectMapper json) {
        this.json = json;
    }

    String endpoint(WebhookEndpoint endpoint) {
        ObjectNode body = json.createObjectNode();
        body.set("data", node(endpoint));
        return write(body);
    }

    /** The one answer that shows the secret: at creation and after a rotation. */
    String withSecret(EndpointWithSecret created) {
        ObjectNode body = json.createObjectNode();
        ObjectNode data = node(created.endpoint());
        data.put("secret", created.secret().revealPlaintext());
        body.set("data", data);
        return write(body);
    }

    String endpoints(List<WebhookEndpoint> endpoints) {
        ObjectNode body = json.createObjectNode();
        ArrayNode data = body.putArray("data");
        endpoints.forEach(endpoint -> data.add(node(endpoint)));
        body.putObject("meta").put("total", endpoints.size());
        return write(body);
    }

    String delivery(WebhookDeliveryRow delivery) {
        ObjectNode body = json.createObjectNode();
        body.set("data", node(delivery));
        return write(body);
    }

    String deliveries(WebhookEndpoints.DeliveryPage page) {
        ObjectNode body = json.createObjectNode();
        ArrayNode data = body.putArray("data");
        page.deliveries().forEach(delivery -> data.add(node(delivery)));
        body.putObject("meta").put("next_cursor", page.nextBefore() == null ? null : Cursors.encode(page.nextBefore()));
        return write(body);
    }

    private ObjectNode node(WebhookEndpoint endpoint) {
        ObjectNode node = json.createObjectNode();
        node.put("id", endpoint.id());
        node.put("url", endpoint.url());
        ArrayNode events = node.putArray("events");
        endpoint.events().forEach(events::add);
        node.put("description", endpoint.description());
        node.put("created_at", endpoint.createdAt().toString());
        node.put("created_by", endpoint.createdBy());
        node.put("previous_secret_expires_at", text(endpoint.previousSecretExpiresAt()));
        return node;
    }

    private ObjectNode node(WebhookDeliveryRow d) {
        ObjectNode node = json.createObjectNode();
        node.put("id", d.id());
        node.put("event_id", d.eventId());
        node.put("event_type", d.eventType());
        node.put("subject", d.subject());
        node.put("status", d.status());
        node.put("attempts", d.attempts());
        if (d.lastStatus() == null) {
            node.putNull("last_status");
        } else {
            node.put("last_status", d.lastStatus().intValue());
        }
        node.put("last_error", d.lastError());
        node.put("next_attempt_at", WebhookDeliveryRow.PENDING.equals(d.status())
                ? Instant.ofEpochMilli(d.nextAttemptAt()).toString() : null);
        node.put("created_at", Instant.ofEpochMilli(d.createdAt()).toString());
        node.put("delivered_at", d.deliveredAt() == null ? null : Instant.ofEpochMilli(d.deliveredAt()).toString());
        return node;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private String write(ObjectNode body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opaque cursors of the deliveries log: the base64url of the last event's position on a page. */
    static final class Cursors {
        private Cursors() {
        }

        static String encode(long seq) {
            return OpaqueCursor.wrap("d" + seq);
        }

        /** The position in {@code cursor}, or null when it is not a cursor this server made. */
        static Long decode(String cursor) {
            String text = OpaqueCursor.unwrap(cursor);
            return text != null && text.matches("d\\d{1,18}") ? Long.valueOf(text.substring(1)) : null;
        }
    }
}

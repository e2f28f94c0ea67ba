package dev.patchbay.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchbay.connections.Connection;
import dev.patchbay.connections.ConnectionService;
import dev.patchbay.connections.Credentials;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** Renders connections and credentials in the contract's shape. Thread-safe. */
final class ConnectionJson {
    private final ObjectMapper json;

    ConnectionJson(ObjectMapper json) {
        this.json = json;
    }

    /** {@code {"data": connection}} as text (an import remembers it for its replays). */
    String single(Connection connection) {
        ObjectNode body = json.createObjectNode();
        body.set("data", node(connection));
        return write(body);
    }

    /** {@code {"data": [connection…], "meta": {"next_cursor": …}}}. */
    String page(ConnectionService.Page page) {
        ObjectNode body = json.createObjectNode();
        ArrayNode data = body.putArray("data");
        page.connections().forEach(connection -> data.add(node(connection)));
        body.putObject("meta").put("next_cursor", page.nextAfter() == null ? null : Cursors.encode(page.nextAfter()));
        return write(body);
    }

    /** The one response that hands a token or key out. */
    String credentials(Credentials credentials) {
        ObjectNode body = json.createObjectNode();
        ObjectNode data = body.putObject("data");
        data.put("type", credentials.type());
        if (credentials.accessToken() != null) {
            // The only place a connection's token leaves Patchbay, to the application that owns it.
            data.put("access_token", credentials.accessToken().revealPlaintext());
            data.put("token_type", credentials.tokenType());
            data.put("expires_at", text(credentials.expiresAt()));
            ArrayNode scopes = data.putArray("scopes");
            credentials.scopes().forEach(scopes::add);
        }
        credentials.fields().forEach((name, value) -> data.put(name, value.revealPlaintext()));
        return write(body);
    }

    private ObjectNode node(Connection c) {
        ObjectNode node = json.createObjectNode();
        node.put("id", c.id().toString());
        node.put("provider_slug", c.providerSlug());
        node.put("owner", c.owner());
        ObjectNode tags = node.putObject("tags");
        c.tags().forEach(tags::put);
        node.put("status", c.status());
        node.put("auth_type", c.authType());
        ArrayNode scopes = node.putArray("scopes");
        c.scopes().forEach(scopes::add);
        node.put("expires_at", text(c.expiresAt()));
        node.put("last_refreshed_at", text(c.lastRefreshedAt()));
        if (c.lastError() == null) {
            node.putNull("last_error");
        } else {
            node.putObject("last_error").put("code", c.lastError().code()).put("at", text(c.lastError().at()));
        }
        node.put("created_at", text(c.createdAt()));
        node.put("updated_at", text(c.updatedAt()));
        node.put("revision", c.revision());
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

    /** Opaque list cursors: the base64url of the last id of a page. */
    static final class Cursors {
        private Cursors() {
        }

        static String encode(UUID id) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(id.toString().getBytes(StandardCharsets.US_ASCII));
        }

        /** The id in {@code cursor}, or null when it is not a cursor this server made. */
        static UUID decode(String cursor) {
            try {
                return Uuids.parse(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}

package dev.patchbay.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchbay.connections.Connection;
import dev.patchbay.connections.ConnectionService;
import dev.patchbay.connections.Credentials;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
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

    /**
     * The one response that hands a token or key out. Written field by field, as the tree of
     * {@link #credentialsTree} writes it: the tree cost a tenth of a fresh credentials read. A field of
     * the credential named like one written before it takes that one's place in the tree, which only
     * the tree does.
     */
    String credentials(Credentials credentials) {
        if (renamesAField(credentials)) {
            return credentialsTree(credentials);
        }
        String plain = plainCredentials(credentials);
        if (plain != null) {
            return plain;
        }
        StringWriter out = new StringWriter(256);
        try (JsonGenerator body = json.createGenerator(out)) {
            body.writeStartObject();
            body.writeFieldName("data");
            body.writeStartObject();
            body.writeStringField("type", credentials.type());
            if (credentials.accessToken() != null) {
                // The only place a connection's token leaves Patchbay, to the application that owns it.
                body.writeStringField("access_token", credentials.accessToken().revealPlaintext());
                body.writeStringField("token_type", credentials.tokenType());
                body.writeStringField("expires_at", text(credentials.expiresAt()));
                body.writeFieldName("scopes");
                body.writeStartArray();
                for (String scope : credentials.scopes()) {
                    body.writeString(scope);
                }
                body.writeEndArray();
            }
            for (var field : credentials.fields().entrySet()) {
                body.writeStringField(field.getKey(), field.getValue().revealPlaintext());
            }
            body.writeEndObject();
            body.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /**
     * {@link #credentials} when every text in it is printable ASCII other than a quote or a backslash,
     * which JSON writes as it is (tokens and keys nearly always are); null otherwise. Appended to one
     * builder, without a generator: that cost a credentials read as much as the rest of its rendering.
     */
    private static String plainCredentials(Credentials credentials) {
        StringBuilder out = new StringBuilder(192).append("{\"data\":{");
        if (!field(out, "type", credentials.type())) {
            return null;
        }
        if (credentials.accessToken() != null) {
            if (!field(out.append(','), "access_token", credentials.accessToken().revealPlaintext())
                    || !field(out.append(','), "token_type", credentials.tokenType())
                    || !field(out.append(','), "expires_at", text(credentials.expiresAt()))) {
                return null;
            }
            out.append(",\"scopes\":[");
            for (int i = 0; i < credentials.scopes().size(); i++) {
                if (!string(i == 0 ? out : out.append(','), credentials.scopes().get(i))) {
                    return null;
                }
            }
            out.append(']');
        }
        for (var field : credentials.fields().entrySet()) {
            if (!field(out.append(','), field.getKey(), field.getValue().revealPlaintext())) {
                return null;
            }
        }
        return out.append("}}").toString();
    }

    /** Appends {@code "name":value}; false when either needs escaping. */
    private static boolean field(StringBuilder out, String name, String value) {
        if (!string(out, name)) {
            return false;
        }
        out.append(':');
        if (value == null) {
            out.append("null");
            return true;
        }
        return string(out, value);
    }

    /** Appends {@code "text"}; false when it needs escaping. */
    private static boolean string(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        out.append('"').append(text).append('"');
        return true;
    }

    private static boolean renamesAField(Credentials credentials) {
        Map<String, ?> fields = credentials.fields();
        return fields.containsKey("type") || credentials.accessToken() != null && (fields.containsKey("access_token")
                || fields.containsKey("token_type") || fields.containsKey("expires_at") || fields.containsKey("scopes"));
    }

    /** {@link #credentials} as a tree: what it answered before it was written field by field. */
    String credentialsTree(Credentials credentials) {
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
            return OpaqueCursor.wrap(id.toString());
        }

        /** The id in {@code cursor}, or null when it is not a cursor this server made. */
        static UUID decode(String cursor) {
            String id = OpaqueCursor.unwrap(cursor);
            return id == null ? null : Uuids.parse(id);
        }
    }
}

package dev.patchbay.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

/**
 * Inserts webhook events on the connection of the transaction whose change they report, so that an
 * event commits exactly when its change does. A connection's event renders the connection from the
 * row the transaction just wrote, in SQL, in the shape of the API's connection resource: the same
 * statement serves one connection and every connection a provider reset disconnects.
 */
final class Outbox {
    /** Connection audit actions and the event each one is; a refresh failure is one only when it is final. */
    private static final Map<String, String> CONNECTION_EVENTS = Map.of(
            "connection.created", "connection.created",
            "connection.reauthorized", "connection.reauthorized",
            "connection.refresh_failed", "connection.needs_reauth",
            "connection.deleted", "connection.deleted");

    static final String INSERT = "INSERT INTO webhook_events (id, type, subject, occurred_at, data)"
            + " VALUES (?, ?, ?, ?, ?)";

    private Outbox() {
    }

    /** Inserts {@code event} with {@code statement}, a prepared {@link #INSERT} (the caller may reuse it). */
    static void insert(PreparedStatement statement, OutboxEvent event) throws SQLException {
        statement.setString(1, event.id());
        statement.setString(2, event.type());
        statement.setString(3, event.subject());
        statement.setString(4, event.occurredAt().toString());
        statement.setString(5, event.data());
        statement.executeUpdate();
    }

    /** The event an audited connection change is, or null when it is none ({@code status} as written). */
    static String connectionEvent(String auditAction, String status) {
        String type = CONNECTION_EVENTS.get(auditAction);
        if ("connection.needs_reauth".equals(type) && !ConnectionRow.NEEDS_REAUTH.equals(status)) {
            return null;
        }
        return type;
    }

    /** The event {@code type} of the connection {@code id} as the transaction has just written it. */
    static void insertConnection(Connection connection, Dialect dialect, String type, String id, Instant at)
            throws SQLException {
        String sql = "INSERT INTO webhook_events (id, type, subject, occurred_at, data) SELECT ?, ?, id, ?, "
                + connectionData(dialect, "status", "updated_at", "revision") + " FROM connections WHERE id = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, java.util.UUID.randomUUID().toString());
            statement.setString(2, type);
            statement.setString(3, at.toString());
            statement.setString(4, id);
            statement.executeUpdate();
        }
    }

    /**
     * One {@code connection.disconnected} event per connection of {@code slug} that a reset at {@code at}
     * is about to disconnect, showing each as the reset leaves it; run just before the reset's update.
     */
    static void insertDisconnected(Connection connection, Dialect dialect, String slug, Instant at)
            throws SQLException {
        String sql = "INSERT INTO webhook_events (id, type, subject, occurred_at, data) SELECT "
                + dialect.newUuid + ", 'connection.disconnected', id, ?, "
                + connectionData(dialect, "'disconnected'", "?", "revision + 1")
                + " FROM connections WHERE provider_slug = ? AND status <> 'disconnected' ORDER BY id";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, at.toString());
            statement.setString(2, at.toString());
            statement.setString(3, slug);
            statement.executeUpdate();
        }
    }

    /** The connection resource of the API (tokens are not columns it reads) as JSON text. */
    private static String connectionData(Dialect dialect, String status, String updatedAt, String revision) {
        boolean pg = dialect == Dialect.POSTGRESQL;
        String object = pg ? "json_build_object(" : "json_object(";
        String tags = pg ? "tags::json" : "json(tags)";
        String scopes = pg ? "scopes::json" : "json(scopes)";
        String lastError = pg
                ? "CASE WHEN last_error_code IS NULL THEN NULL ELSE json_build_object('code', last_error_code,"
                + " 'at', last_error_at) END"
                : "json(CASE WHEN last_error_code IS NULL THEN 'null' ELSE json_object('code', last_error_code,"
                + " 'at', last_error_at) END)";
        String updated = pg && updatedAt.equals("?") ? "CAST(? AS TEXT)" : updatedAt;
        return object + "'id', id, 'provider_slug', provider_slug, 'owner', owner, 'tags', " + tags
                + ", 'status', " + status + ", 'auth_type', auth_type, 'scopes', " + scopes
                + ", 'expires_at', expires_at, 'last_refreshed_at', last_refreshed_at, 'last_error', " + lastError
                + ", 'created_at', created_at, 'updated_at', " + updated + ", 'revision', " + revision + ")"
                + (pg ? "::text" : "");
    }
}

package dev.patchbay.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/** {@link ConnectSessionStore} in SQL that SQLite (3.35 and later, for RETURNING) and PostgreSQL both accept. */
final class JdbiConnectSessionStore implements ConnectSessionStore {
    private static final String COLUMNS = "token_hash, state_hash, provider_slug, owner, tags, scopes, connection_id,"
            + " return_url, origin, pkce_verifier, redirect_uri, created_by, request_id, created_at, expires_at, used_at, completed_at";
    private static final RowMapper<ConnectSessionRow> ROW = (rs, ctx) -> new ConnectSessionRow(
            rs.getString("token_hash"),
            rs.getString("state_hash"),
            rs.getString("provider_slug"),
            rs.getString("owner"),
            rs.getString("tags"),
            rs.getString("scopes"),
            rs.getString("connection_id"),
            rs.getString("return_url"),
            rs.getString("origin"),
            rs.getString("pkce_verifier") == null ? null : Base64.getDecoder().decode(rs.getString("pkce_verifier")),
            rs.getString("redirect_uri"),
            rs.getString("created_by"),
            rs.getString("request_id"),
            millis(rs.getObject("created_at")),
            millis(rs.getObject("expires_at")),
            millis(rs.getObject("used_at")),
            millis(rs.getObject("completed_at")));

    private final Jdbi jdbi;

    JdbiConnectSessionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(ConnectSessionRow row) {
        StoreCalls.guarded(() -> jdbi.withHandle(h -> h.createUpdate("INSERT INTO connect_sessions (" + COLUMNS + ")"
                        + " VALUES (:token_hash, NULL, :provider_slug, :owner, :tags, :scopes, :connection_id,"
                        + " :return_url, :origin, NULL, NULL, :created_by, :request_id, :created_at, :expires_at, NULL, NULL)")
                .bind("token_hash", row.tokenHash())
                .bind("provider_slug", row.providerSlug())
                .bind("owner", row.owner())
                .bind("tags", row.tags())
                .bind("scopes", row.scopes())
                .bind("connection_id", row.connectionId())
                .bind("return_url", row.returnUrl())
                .bind("origin", row.origin())
                .bind("created_by", row.createdBy())
                .bind("request_id", row.requestId())
                .bind("created_at", row.createdAt().toEpochMilli())
                .bind("expires_at", row.expiresAt().toEpochMilli())
                .execute()));
    }

    @Override
    public Optional<ConnectSessionRow> beginAuthorization(String tokenHash, String providerSlug, Instant now,
                                                          String stateHash, byte[] sealedVerifier, String redirectUri) {
        return StoreCalls.guarded(() -> jdbi.withHandle(h -> h.createQuery("UPDATE connect_sessions"
                        + " SET used_at = :now, state_hash = :state_hash, pkce_verifier = :verifier,"
                        + " redirect_uri = :redirect_uri"
                        + " WHERE token_hash = :token_hash AND provider_slug = :provider_slug AND used_at IS NULL"
                        + " AND expires_at > :now RETURNING " + COLUMNS)
                .bind("now", now.toEpochMilli())
                .bind("state_hash", stateHash)
                .bind("verifier", sealedVerifier == null ? null : Base64.getEncoder().encodeToString(sealedVerifier))
                .bind("redirect_uri", redirectUri)
                .bind("token_hash", tokenHash)
                .bind("provider_slug", providerSlug)
                .map(ROW).findOne()));
    }

    @Override
    public Optional<ConnectSessionRow> completeAuthorization(String stateHash, Instant now) {
        return StoreCalls.guarded(() -> jdbi.withHandle(h -> h.createQuery("UPDATE connect_sessions"
                        + " SET completed_at = :now WHERE state_hash = :state_hash AND used_at IS NOT NULL"
                        + " AND completed_at IS NULL RETURNING " + COLUMNS)
                .bind("now", now.toEpochMilli())
                .bind("state_hash", stateHash)
                .map(ROW).findOne()));
    }

    @Override
    public int deleteExpired(Instant before) {
        return StoreCalls.guarded(() -> jdbi.withHandle(h -> h.createUpdate(
                "DELETE FROM connect_sessions WHERE expires_at < :before")
                .bind("before", before.toEpochMilli()).execute()));
    }

    private static Instant millis(Object column) {
        return column == null ? null : Instant.ofEpochMilli(((Number) column).longValue());
    }
}

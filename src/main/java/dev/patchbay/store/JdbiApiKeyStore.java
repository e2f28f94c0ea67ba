package dev.patchbay.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@link ApiKeyStore} in SQL that SQLite and PostgreSQL both accept. */
final class JdbiApiKeyStore implements ApiKeyStore {
    private static final RowMapper<ApiKeyRow> ROW = (rs, ctx) -> new ApiKeyRow(
            rs.getString("name"),
            rs.getString("scope"),
            rs.getString("key_hash"),
            JdbiSetupStore.instant(rs.getString("created_at")),
            JdbiSetupStore.instant(rs.getString("last_used_at")),
            JdbiSetupStore.instant(rs.getString("revoked_at")));

    private final Jdbi jdbi;

    JdbiApiKeyStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<ApiKeyRow> all() {
        return StoreCalls.guarded(() -> jdbi.withHandle(h -> h.createQuery(
                "SELECT name, scope, key_hash, created_at, last_used_at, revoked_at FROM api_keys ORDER BY name")
                .map(ROW).list()));
    }

    @Override
    public boolean insert(ApiKeyRow row) {
        return StoreCalls.guarded(() -> jdbi.inTransaction(h -> {
            h.createUpdate("DELETE FROM api_keys WHERE name = :name AND revoked_at IS NOT NULL")
                    .bind("name", row.name()).execute();
            return h.createUpdate("""
                            INSERT INTO api_keys (name, scope, key_hash, created_at)
                            VALUES (:name, :scope, :hash, :at)
                            ON CONFLICT (name) DO NOTHING""")
                    .bind("name", row.name())
                    .bind("scope", row.scope())
                    .bind("hash", row.keyHash())
                    .bind("at", row.createdAt().toString())
                    .execute() == 1;
        }));
    }

    @Override
    public boolean revoke(String name, Instant at) {
        return StoreCalls.guarded(() -> jdbi.withHandle(h -> h.createUpdate(
                "UPDATE api_keys SET revoked_at = :at WHERE name = :name AND revoked_at IS NULL")
                .bind("name", name).bind("at", at.toString()).execute() == 1));
    }

    @Override
    public void touch(Map<String, Instant> lastUsed) {
        if (lastUsed.isEmpty()) {
            return;
        }
        StoreCalls.guarded(() -> jdbi.inTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("""
                    UPDATE api_keys SET last_used_at = :at
                    WHERE name = :name AND (last_used_at IS NULL OR last_used_at < :at)""");
            lastUsed.forEach((name, at) -> batch.bind("name", name).bind("at", at.toString()).add());
            return batch.execute();
        }));
    }
}

package dev.patchbay.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

import java.util.List;

/** {@link AuditStore} in SQL that SQLite and PostgreSQL both accept. */
final class JdbiAuditStore implements AuditStore {
    private static final RowMapper<AuditRow> ROW = (rs, ctx) -> new AuditRow(
            rs.getLong("id"),
            JdbiSetupStore.instant(rs.getString("occurred_at")),
            rs.getString("action"),
            rs.getString("provider_slug"),
            rs.getString("actor"),
            rs.getString("request_id"),
            rs.getLong("revision"),
            TextList.decode(rs.getString("changed_fields")),
            rs.getString("connection_id"),
            rs.getObject("connections_disconnected") == null ? null : rs.getLong("connections_disconnected"));

    private final Jdbi jdbi;

    JdbiAuditStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<AuditRow> list(String providerSlug, String connectionId, Long beforeId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_events WHERE 1 = 1");
        if (providerSlug != null) {
            sql.append(" AND provider_slug = :slug");
        }
        if (connectionId != null) {
            sql.append(" AND connection_id = :connection");
        }
        if (beforeId != null) {
            sql.append(" AND id < :before");
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        return StoreCalls.guarded(() -> jdbi.withHandle(h -> {
            Query query = h.createQuery(sql.toString()).bind("limit", limit);
            if (providerSlug != null) {
                query.bind("slug", providerSlug);
            }
            if (connectionId != null) {
                query.bind("connection", connectionId);
            }
            if (beforeId != null) {
                query.bind("before", beforeId);
            }
            return query.map(ROW).list();
        }));
    }
}

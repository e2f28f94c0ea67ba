package dev.patchbay.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** {@link ConnectionStore} in SQL that SQLite and PostgreSQL both accept, but for the row locks. */
final class JdbiConnectionStore implements ConnectionStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Built once: a type reference reads its type by reflection when created, on every row otherwise. */
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() { };
    private static final String COLUMNS = "id, provider_slug, owner, status, auth_type, tags, scopes, token_type,"
            + " expires_at, last_refreshed_at, last_error_code, last_error_at, created_at, updated_at, revision,"
            + " created_by, connection_values, access_token, refresh_token, credential";
    /** {@link #COLUMNS} of the list's {@code connections c}, which may be joined to its tags. */
    private static final String LISTED_COLUMNS = "c." + COLUMNS.replace(", ", ", c.");
    private static final RowMapper<ConnectionRow> ROW = (rs, ctx) -> new ConnectionRow(
            UUID.fromString(rs.getString("id")),
            rs.getString("provider_slug"),
            rs.getString("owner"),
            rs.getString("status"),
            rs.getString("auth_type"),
            map(rs.getString("tags")),
            TextList.decode(rs.getString("scopes")),
            rs.getString("token_type"),
            JdbiSetupStore.instant(rs.getString("expires_at")),
            JdbiSetupStore.instant(rs.getString("last_refreshed_at")),
            rs.getString("last_error_code"),
            JdbiSetupStore.instant(rs.getString("last_error_at")),
            JdbiSetupStore.instant(rs.getString("created_at")),
            JdbiSetupStore.instant(rs.getString("updated_at")),
            rs.getLong("revision"),
            rs.getString("created_by"),
            map(rs.getString("connection_values")),
            rs.getBytes("access_token"),
            rs.getBytes("refresh_token"),
            rs.getBytes("credential"));
    private static final RowMapper<IdempotencyRow> IDEMPOTENCY = (rs, ctx) -> new IdempotencyRow(
            rs.getString("key_hash"), rs.getString("request_hash"), rs.getInt("status"), rs.getString("response"));

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final JdbcCredentialRead credentials;
    private final int concurrentCalls;

    /** {@code pool}: the data source under {@code jdbi}, of {@code poolSize} connections. */
    JdbiConnectionStore(Jdbi jdbi, Dialect dialect, javax.sql.DataSource pool, int poolSize) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.credentials = new JdbcCredentialRead(pool, poolSize);
        this.concurrentCalls = poolSize;
    }

    @Override
    public Created create(ConnectionRow row, AuditEntry audit, IdempotencyRow idempotency) {
        return StoreCalls.guarded(() -> jdbi.inTransaction(h -> {
            boolean setUp = h.createQuery("SELECT revision FROM provider_setups WHERE slug = :slug AND config IS NOT NULL"
                            + dialect.shareRow)
                    .bind("slug", row.providerSlug()).mapTo(Long.class).findOne().isPresent();
            if (!setUp) {
                throw new ProviderNotSetUpException();
            }
            if (idempotency != null) {
                int inserted = h.createUpdate("INSERT INTO idempotency_keys (key_hash, request_hash, status, response,"
                                + " created_at) VALUES (:key, :request, :status, :response, :at)"
                                + " ON CONFLICT (key_hash) DO NOTHING")
                        .bind("key", idempotency.keyHash())
                        .bind("request", idempotency.requestHash())
                        .bind("status", idempotency.status())
                        .bind("response", idempotency.response())
                        .bind("at", audit.at().toString())
                        .execute();
                if (inserted == 0) {
                    return new Created(null, findIdempotency(h, idempotency.keyHash()).orElseThrow());
                }
            }
            h.createUpdate("INSERT INTO connections (" + COLUMNS + ") VALUES (:id, :provider_slug, :owner, :status,"
                            + " :auth_type, :tags, :scopes, :token_type, :expires_at, :last_refreshed_at,"
                            + " :last_error_code, :last_error_at, :created_at, :updated_at, :revision, :created_by,"
                            + " :connection_values, :access_token, :refresh_token, :credential)")
                    .bindMap(values(row)).execute();
            for (Map.Entry<String, String> tag : row.tags().entrySet()) {
                h.createUpdate("INSERT INTO connection_tags (connection_id, tag_key, tag_value) VALUES (:id, :k, :v)")
                        .bind("id", row.id().toString()).bind("k", tag.getKey()).bind("v", tag.getValue()).execute();
            }
            appendAudit(h, row, audit);
            notifyCounts(h, row.providerSlug());
            return new Created(row, null);
        }));
    }

    @Override
    public Optional<IdempotencyRow> idempotency(String keyHash) {
        return StoreCalls.guarded(() -> jdbi.withHandle(h -> findIdempotency(h, keyHash)));
    }

    private static Optional<IdempotencyRow> findIdempotency(Handle h, String keyHash) {
        return h.createQuery("SELECT key_hash, request_hash, status, response FROM idempotency_keys WHERE key_hash = :key")
                .bind("key", keyHash).map(IDEMPOTENCY).findOne();
    }

    @Override
    public Optional<ConnectionRow> find(UUID id) {
        return StoreCalls.guarded(() -> jdbi.withHandle(h -> find(h, id, "")));
    }

    @Override
    public Optional<CredentialRow> findCredential(UUID id) {
        return credentials.find(id);
    }

    @Override
    public int concurrentCalls() {
        return concurrentCalls;
    }

    private static Optional<ConnectionRow> find(Handle h, UUID id, String lock) {
        return h.createQuery("SELECT " + COLUMNS + " FROM connections WHERE id = :id" + lock)
                .bind("id", id.toString()).map(ROW).findOne();
    }

    @Override
    public List<ConnectionRow> list(ConnectionQuery query) {
        ConnectionListSql.Statement page = ConnectionListSql.of(query, dialect, LISTED_COLUMNS);
        return StoreCalls.guarded(() -> jdbi.withHandle(h -> {
            Query statement = h.createQuery(page.sql());
            page.binds().forEach(statement::bind);
            return statement.map(ROW).list();
        }));
    }

    @Override
    public Optional<ConnectionRow> update(ConnectionRow row, AuditEntry audit) {
        return StoreCalls.guarded(() -> jdbi.inTransaction(h -> write(h, row, audit) ? Optional.of(row) : Optional.empty()));
    }

    /** Writes {@code row} over its previous revision; false, writing nothing, when that is no longer stored. */
    private boolean write(Handle h, ConnectionRow row, AuditEntry audit) {
        Optional<String> before = h.createQuery("SELECT status FROM connections WHERE id = :id AND revision = :previous")
                .bind("id", row.id().toString()).bind("previous", row.revision() - 1).mapTo(String.class).findOne();
        if (before.isEmpty()) {
            return false;
        }
        Map<String, Object> values = values(row);
        values.put("previous", row.revision() - 1);
        int updated = h.createUpdate("UPDATE connections SET status = :status, scopes = :scopes,"
                        + " token_type = :token_type, expires_at = :expires_at, last_refreshed_at = :last_refreshed_at,"
                        + " last_error_code = :last_error_code, last_error_at = :last_error_at,"
                        + " updated_at = :updated_at, revision = :revision, connection_values = :connection_values,"
                        + " access_token = :access_token, refresh_token = :refresh_token, credential = :credential"
                        + " WHERE id = :id AND revision = :previous")
                .bindMap(values).execute();
        if (updated != 1) {
            h.rollback();
            return false;
        }
        if (audit != null) {
            appendAudit(h, row, audit);
        }
        if (!before.get().equals(row.status())) {
            notifyCounts(h, row.providerSlug());
        }
        return true;
    }

    @Override
    public <T> Decision<T> underRowLock(UUID id, Function<Optional<ConnectionRow>, Decision<T>> work) {
        if (dialect == Dialect.SQLITE) {
            Decision<T> decision = work.apply(find(id));
            if (decision.write() == null) {
                return decision;
            }
            return decision.asWritten(update(decision.write(), decision.audit()).isPresent());
        }
        // The provider is called while the lock is held: that is the point, one refresh per connection
        // across instances. A pool connection stays taken meanwhile, for at most the outbound time limit.
        return StoreCalls.guarded(() -> jdbi.inTransaction(h -> {
            Decision<T> decision = work.apply(find(h, id, dialect.lockRow));
            if (decision.write() == null) {
                return decision;
            }
            return decision.asWritten(write(h, decision.write(), decision.audit()));
        }));
    }

    @Override
    public boolean locksRows() {
        return dialect == Dialect.POSTGRESQL;
    }

    @Override
    public Map<String, Counts> counts() {
        return StoreCalls.guarded(() -> jdbi.withHandle(h -> {
            Map<String, long[]> raw = new LinkedHashMap<>();
            h.createQuery("SELECT provider_slug, status, COUNT(*) AS n FROM connections"
                            + " WHERE status IN ('active', 'needs_reauth') GROUP BY provider_slug, status")
                    .map((rs, ctx) -> {
                        long[] counts = raw.computeIfAbsent(rs.getString("provider_slug"), slug -> new long[2]);
                        counts[ConnectionRow.ACTIVE.equals(rs.getString("status")) ? 0 : 1] = rs.getLong("n");
                        return null;
                    }).list();
            Map<String, Counts> counts = new LinkedHashMap<>();
            raw.forEach((slug, n) -> counts.put(slug, new Counts(n[0], n[1])));
            return counts;
        }));
    }

    @Override
    public Counts counts(String providerSlug) {
        return StoreCalls.guarded(() -> jdbi.withHandle(h -> {
            long[] n = new long[2];
            h.createQuery("SELECT status, COUNT(*) AS n FROM connections WHERE provider_slug = :slug"
                            + " AND status IN ('active', 'needs_reauth') GROUP BY status")
                    .bind("slug", providerSlug)
                    .map((rs, ctx) -> {
                        n[ConnectionRow.ACTIVE.equals(rs.getString("status")) ? 0 : 1] = rs.getLong("n");
                        return null;
                    }).list();
            return new Counts(n[0], n[1]);
        }));
    }

    @Override
    public List<ConnectionRow> sealed(UUID afterId, int limit) {
        // "" sorts before every id, so the first page needs no second statement.
        return StoreCalls.guarded(() -> jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM connections"
                        + " WHERE (access_token IS NOT NULL OR refresh_token IS NOT NULL OR credential IS NOT NULL)"
                        + " AND id > :after ORDER BY id LIMIT :limit")
                .bind("after", afterId == null ? "" : afterId.toString())
                .bind("limit", limit).map(ROW).list()));
    }

    @Override
    public int replaceSealed(List<ConnectionRow> rows) {
        return StoreCalls.guarded(() -> jdbi.inTransaction(h -> {
            int written = 0;
            for (ConnectionRow row : rows) {
                written += h.createUpdate("UPDATE connections SET access_token = :access_token,"
                                + " refresh_token = :refresh_token, credential = :credential"
                                + " WHERE id = :id AND revision = :revision")
                        .bind("id", row.id().toString()).bind("revision", row.revision())
                        .bind("access_token", row.accessToken()).bind("refresh_token", row.refreshToken())
                        .bind("credential", row.credential()).execute();
            }
            return written;
        }));
    }

    private void appendAudit(Handle h, ConnectionRow row, AuditEntry audit) {
        String event = Outbox.connectionEvent(audit.action(), row.status());
        if (event != null) {
            try {
                Outbox.insertConnection(h.getConnection(), dialect, event, row.id().toString(), audit.at());
            } catch (java.sql.SQLException e) {
                throw new org.jdbi.v3.core.statement.UnableToExecuteStatementException(e, null);
            }
        }
        h.createUpdate("INSERT INTO audit_events (occurred_at, action, provider_slug, actor, request_id, revision,"
                        + " changed_fields, connection_id) VALUES (:at, :action, :slug, :actor, :request, :revision,"
                        + " :fields, :connection)")
                .bind("at", audit.at().toString())
                .bind("action", audit.action())
                .bind("slug", row.providerSlug())
                .bind("actor", audit.actor())
                .bind("request", audit.requestId())
                .bind("revision", row.revision())
                .bind("fields", TextList.encode(audit.changedFields()))
                .bind("connection", row.id().toString())
                .execute();
    }

    /** Tells other instances, at commit, that this provider's connection counts may have moved. */
    private void notifyCounts(Handle h, String slug) {
        if (dialect == Dialect.POSTGRESQL) {
            h.createQuery("SELECT pg_notify('" + PgChangeFeed.CHANNEL + "', :payload)")
                    .bind("payload", slug + ":" + ChangeFeed.CONNECTIONS).mapTo(String.class).findOne();
        }
    }

    private static Map<String, Object> values(ConnectionRow row) {
        Map<String, Object> values = new HashMap<>();
        values.put("id", row.id().toString());
        values.put("provider_slug", row.providerSlug());
        values.put("owner", row.owner());
        values.put("status", row.status());
        values.put("auth_type", row.authType());
        values.put("tags", json(row.tags()));
        values.put("scopes", TextList.encode(row.scopes()));
        values.put("token_type", row.tokenType());
        values.put("expires_at", text(row.expiresAt()));
        values.put("last_refreshed_at", text(row.lastRefreshedAt()));
        values.put("last_error_code", row.lastErrorCode());
        values.put("last_error_at", text(row.lastErrorAt()));
        values.put("created_at", text(row.createdAt()));
        values.put("updated_at", text(row.updatedAt()));
        values.put("revision", row.revision());
        values.put("created_by", row.createdBy());
        values.put("connection_values", json(row.connectionValues()));
        values.put("access_token", row.accessToken());
        values.put("refresh_token", row.refreshToken());
        values.put("credential", row.credential());
        return values;
    }

    private static String text(java.time.Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String json(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> map(String column) {
        if (column == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(column, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored connection map is corrupt");
        }
    }
}

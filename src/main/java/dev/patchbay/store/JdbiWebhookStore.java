package dev.patchbay.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** {@link WebhookStore} in SQL that SQLite and PostgreSQL both accept, but for the claim's row locks. */
final class JdbiWebhookStore implements WebhookStore {
    /** Any constant: the key of the advisory lock under which one instance at a time fans events out. */
    private static final long FAN_OUT_LOCK = 0x5042_5748_4f4fL;
    private static final String ENDPOINT_COLUMNS = "id, url, events, description, secret, previous_secret,"
            + " previous_secret_until, created_at, created_by";
    private static final RowMapper<WebhookEndpointRow> ENDPOINT = (rs, ctx) -> new WebhookEndpointRow(
            rs.getString("id"), rs.getString("url"), TextList.decode(rs.getString("events")),
            rs.getString("description"), rs.getBytes("secret"), rs.getBytes("previous_secret"),
            nullableLong(rs, "previous_secret_until"), rs.getLong("created_at"),
            rs.getString("created_by"));
    private static final String DELIVERY_COLUMNS = "d.id, d.endpoint_id, d.event_seq, e.id AS event_id,"
            + " e.type AS event_type, d.subject, d.status, d.attempts, d.last_status, d.last_error, d.next_attempt_at,"
            + " d.created_at, d.delivered_at";
    private static final RowMapper<WebhookDeliveryRow> DELIVERY = (rs, ctx) -> new WebhookDeliveryRow(
            rs.getString("id"), rs.getString("endpoint_id"), rs.getLong("event_seq"), rs.getString("event_id"),
            rs.getString("event_type"), rs.getString("subject"), rs.getString("status"), rs.getInt("attempts"),
            nullableInt(rs, "last_status"), rs.getString("last_error"),
            rs.getLong("next_attempt_at"), rs.getLong("created_at"),
            nullableLong(rs, "delivered_at"));

    private final Jdbi jdbi;
    private final Dialect dialect;

    private static Long nullableLong(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Integer nullableInt(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    JdbiWebhookStore(Jdbi jdbi, Dialect dialect) {
        this.jdbi = jdbi;
        this.dialect = dialect;
    }

    @Override
    public void createEndpoint(WebhookEndpointRow row) {
        StoreCalls.guarded(() -> jdbi.withHandle(h -> h.createUpdate("INSERT INTO webhook_endpoints ("
                        + ENDPOINT_COLUMNS + ") VALUES (:id, :url, :events, :description, :secret, :previous,"
                        + " :until, :created_at, :created_by)")
                .bind("id", row.id())
                .bind("url", row.url())
                .bind("events", TextList.encode(row.events()))
                .bind("description", row.description())
                .bind("secret", row.secret())
                .bind("previous", row.previousSecret())
                .bind("until", row.previousSecretUntil())
                .bind("created_at", row.createdAt())
                .bind("created_by", row.createdBy())
                .execute()));
    }

    @Override
    public List<WebhookEndpointRow> endpoints() {
        return StoreCalls.guarded(() -> jdbi.withHandle(h -> h.createQuery("SELECT " + ENDPOINT_COLUMNS
                        + " FROM webhook_endpoints WHERE deleted_at IS NULL ORDER BY created_at, id")
                .map(ENDPOINT).list()));
    }

    @Override
    public Optional<WebhookEndpointRow> endpoint(String id) {
        return StoreCalls.guarded(() -> jdbi.withHandle(h -> h.createQuery("SELECT " + ENDPOINT_COLUMNS
                        + " FROM webhook_endpoints WHERE id = :id AND deleted_at IS NULL")
                .bind("id", id).map(ENDPOINT).findOne()));
    }

    @Override
    public boolean deleteEndpoint(String id, long at) {
        return StoreCalls.guarded(() -> jdbi.inTransaction(h -> {
            int deleted = h.createUpdate("UPDATE webhook_endpoints SET deleted_at = :at, secret = :none,"
                            + " previous_secret = NULL, previous_secret_until = NULL WHERE id = :id AND deleted_at IS NULL")
                    .bind("id", id).bind("at", at).bind("none", new byte[0]).execute();
            if (deleted == 0) {
                return false;
            }
            h.createUpdate("UPDATE webhook_deliveries SET status = 'cancelled', lease_until = NULL, claim = NULL"
                    + " WHERE endpoint_id = :id AND status = 'pending'").bind("id", id).execute();
            return true;
        }));
    }

    @Override
    public boolean rotateSecret(String id, byte[] secret, byte[] previous, long previousUntil) {
        return StoreCalls.guarded(() -> jdbi.withHandle(h -> h.createUpdate("UPDATE webhook_endpoints SET"
                        + " secret = :secret, previous_secret = :previous, previous_secret_until = :until"
                        + " WHERE id = :id AND deleted_at IS NULL")
                .bind("id", id).bind("secret", secret).bind("previous", previous).bind("until", previousUntil)
                .execute() == 1));
    }

    @Override
    public List<WebhookDeliveryRow> deliveries(String endpointId, Long beforeSeq, int limit) {
        return StoreCalls.guarded(() -> jdbi.withHandle(h -> h.createQuery("SELECT " + DELIVERY_COLUMNS
                        + " FROM webhook_deliveries d JOIN webhook_events e ON e.seq = d.event_seq"
                        + " WHERE d.endpoint_id = :endpoint" + (beforeSeq == null ? "" : " AND d.event_seq < :before")
                        + " ORDER BY d.event_seq DESC LIMIT :limit")
                .bind("endpoint", endpointId).bind("before", beforeSeq).bind("limit", limit)
                .map(DELIVERY).list()));
    }

    @Override
    public Optional<WebhookDeliveryRow> retry(String endpointId, String deliveryId, long now, long giveUpAt) {
        return StoreCalls.guarded(() -> jdbi.inTransaction(h -> {
            int updated = h.createUpdate("UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = :now,"
                            + " give_up_at = :give_up WHERE id = :id AND endpoint_id = :endpoint"
                            + " AND status IN ('pending', 'delivered', 'failed')")
                    .bind("id", deliveryId).bind("endpoint", endpointId).bind("now", now).bind("give_up", giveUpAt)
                    .execute();
            if (updated == 0) {
                return Optional.<WebhookDeliveryRow>empty();
            }
            return delivery(h, deliveryId);
        }));
    }

    private static Optional<WebhookDeliveryRow> delivery(Handle h, String id) {
        return h.createQuery("SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries d"
                        + " JOIN webhook_events e ON e.seq = d.event_seq WHERE d.id = :id")
                .bind("id", id).map(DELIVERY).findOne();
    }

    private record Unfanned(long seq, String type, String subject, long occurredAt) {
    }

    @Override
    public Cycle cycle(List<Attempt> attempts, long now, long giveUpAt, long leaseUntil, int fanOutLimit,
                       int claimLimit) {
        return StoreCalls.guarded(() -> jdbi.inTransaction(h -> {
            record(h, attempts);
            int fanned = fanOut(h, now, giveUpAt, fanOutLimit);
            return new Cycle(fanned, claim(h, now, leaseUntil, claimLimit));
        }));
    }

    private int fanOut(Handle h, long now, long giveUpAt, int limit) {
        {
            // One instance at a time: two fanning out side by side could each take an event of the same
            // subject and deliver the newer one first.
            if (dialect == Dialect.POSTGRESQL && !h.createQuery("SELECT pg_try_advisory_xact_lock(:key)")
                    .bind("key", FAN_OUT_LOCK).mapTo(Boolean.class).one()) {
                return 0;
            }
            List<Unfanned> events = h.createQuery("SELECT seq, type, subject, occurred_at FROM webhook_events"
                            + " WHERE fanned_out = 0 ORDER BY seq LIMIT :limit")
                    .bind("limit", limit)
                    .map((rs, ctx) -> new Unfanned(rs.getLong(1), rs.getString(2), rs.getString(3),
                            java.time.Instant.parse(rs.getString(4)).toEpochMilli()))
                    .list();
            if (events.isEmpty()) {
                return 0;
            }
            List<WebhookEndpointRow> endpoints = h.createQuery("SELECT " + ENDPOINT_COLUMNS
                    + " FROM webhook_endpoints WHERE deleted_at IS NULL").map(ENDPOINT).list();
            PreparedBatch deliveries = h.prepareBatch("INSERT INTO webhook_deliveries (id, endpoint_id, event_seq,"
                    + " subject, status, attempts, next_attempt_at, give_up_at, created_at) VALUES (:id, :endpoint,"
                    + " :seq, :subject, 'pending', 0, :now, :give_up, :now) ON CONFLICT (endpoint_id, event_seq) DO NOTHING");
            for (Unfanned event : events) {
                for (WebhookEndpointRow endpoint : endpoints) {
                    if (endpoint.events().contains(event.type()) && endpoint.createdAt() <= event.occurredAt()) {
                        deliveries.bind("id", UUID.randomUUID().toString()).bind("endpoint", endpoint.id())
                                .bind("seq", event.seq()).bind("subject", event.subject())
                                .bind("now", now).bind("give_up", giveUpAt).add();
                    }
                }
            }
            if (deliveries.size() > 0) {
                deliveries.execute();
            }
            PreparedBatch fanned = h.prepareBatch("UPDATE webhook_events SET fanned_out = 1 WHERE seq = :seq");
            events.forEach(event -> fanned.bind("seq", event.seq()).add());
            fanned.execute();
            return events.size();
        }
    }

    private List<ClaimedDelivery> claim(Handle h, long now, long leaseUntil, int limit) {
        String claim = UUID.randomUUID().toString();
        {
            List<String> ids = h.createQuery("SELECT d.id FROM webhook_deliveries d WHERE d.status = 'pending'"
                            + " AND d.next_attempt_at <= :now AND (d.lease_until IS NULL OR d.lease_until <= :now)"
                            + " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries o WHERE o.endpoint_id = d.endpoint_id"
                            + " AND o.subject = d.subject AND o.event_seq < d.event_seq AND o.status = 'pending')"
                            + " ORDER BY d.next_attempt_at, d.event_seq LIMIT :limit"
                            + (dialect == Dialect.POSTGRESQL ? " FOR UPDATE OF d SKIP LOCKED" : ""))
                    .bind("now", now).bind("limit", limit).mapTo(String.class).list();
            if (ids.isEmpty()) {
                return List.<ClaimedDelivery>of();
            }
            h.createUpdate("UPDATE webhook_deliveries SET lease_until = :lease, claim = :claim WHERE id IN (<ids>)")
                    .bind("lease", leaseUntil).bind("claim", claim).bindList("ids", ids).execute();
            return h.createQuery("SELECT d.id AS delivery_id, d.attempts, d.give_up_at, e.id AS event_id,"
                            + " e.type AS event_type, e.occurred_at, e.data, ep.id, ep.url, ep.events, ep.description,"
                            + " ep.secret, ep.previous_secret, ep.previous_secret_until, ep.created_at, ep.created_by"
                            + " FROM webhook_deliveries d JOIN webhook_events e ON e.seq = d.event_seq"
                            + " JOIN webhook_endpoints ep ON ep.id = d.endpoint_id"
                            + " WHERE d.claim = :claim ORDER BY d.event_seq")
                    .bind("claim", claim)
                    .map((rs, ctx) -> new ClaimedDelivery(rs.getString("delivery_id"), claim, rs.getInt("attempts"),
                            rs.getLong("give_up_at"), rs.getString("event_id"), rs.getString("event_type"),
                            rs.getString("occurred_at"), rs.getString("data"), ENDPOINT.map(rs, ctx)))
                    .list();
        }
    }

    private static void record(Handle h, List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            return;
        }
        {
            PreparedBatch batch = h.prepareBatch("UPDATE webhook_deliveries SET status = :status,"
                    + " attempts = attempts + 1, last_status = :http_status, last_error = :error,"
                    + " next_attempt_at = :next, delivered_at = :delivered, lease_until = NULL, claim = NULL"
                    + " WHERE id = :id AND claim = :claim AND status = 'pending'");
            for (Attempt attempt : attempts) {
                batch.bind("status", attempt.status()).bind("http_status", attempt.httpStatus())
                        .bind("error", attempt.error()).bind("next", attempt.nextAttemptAt())
                        .bind("delivered", attempt.deliveredAt()).bind("id", attempt.deliveryId())
                        .bind("claim", attempt.claim()).add();
            }
            batch.execute();
        }
    }

    @Override
    public OptionalLong oldestPending() {
        Optional<Long> oldest = StoreCalls.guarded(() -> jdbi.withHandle(h -> h.createQuery(
                        "SELECT MIN(created_at) FROM webhook_deliveries WHERE status = 'pending'")
                .mapTo(Long.class).findOne()));
        return oldest.isPresent() && oldest.get() != null ? OptionalLong.of(oldest.get()) : OptionalLong.empty();
    }

    @Override
    public List<WebhookEndpointRow> sealed() {
        return StoreCalls.guarded(() -> jdbi.withHandle(h -> h.createQuery("SELECT " + ENDPOINT_COLUMNS
                        + " FROM webhook_endpoints WHERE deleted_at IS NULL ORDER BY id")
                .map(ENDPOINT).list()));
    }

    @Override
    public void replaceSealed(List<WebhookEndpointRow> rows) {
        StoreCalls.guarded(() -> jdbi.inTransaction(h -> {
            List<Object> done = new ArrayList<>();
            for (WebhookEndpointRow row : rows) {
                done.add(h.createUpdate("UPDATE webhook_endpoints SET secret = :secret, previous_secret = :previous"
                                + " WHERE id = :id")
                        .bind("id", row.id()).bind("secret", row.secret()).bind("previous", row.previousSecret())
                        .execute());
            }
            return done;
        }));
    }
}

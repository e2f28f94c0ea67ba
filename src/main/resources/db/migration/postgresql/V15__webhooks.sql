-- Webhooks. Endpoints hold their signing secrets sealed with the master key (the previous one too,
-- while it still signs after a rotation). Events are the transactional outbox: each is inserted in the
-- transaction of the change it reports; a dispatcher fans each out to one delivery per subscribed
-- endpoint and delivers those. Times the dispatcher compares are epoch milliseconds.
CREATE TABLE webhook_endpoints (
    id                    VARCHAR(36)  NOT NULL PRIMARY KEY,
    url                   TEXT         NOT NULL,
    events                TEXT         NOT NULL,
    description           TEXT,
    secret                BYTEA        NOT NULL,
    previous_secret       BYTEA,
    previous_secret_until BIGINT,
    created_at            BIGINT       NOT NULL,
    created_by            VARCHAR(200) NOT NULL,
    deleted_at            BIGINT
);

CREATE TABLE webhook_events (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          VARCHAR(36)  NOT NULL UNIQUE,
    type        VARCHAR(40)  NOT NULL,
    subject     VARCHAR(100) NOT NULL,
    occurred_at VARCHAR(40)  NOT NULL,
    data        TEXT         NOT NULL,
    fanned_out  INTEGER      NOT NULL DEFAULT 0
);
CREATE INDEX webhook_events_to_fan_out ON webhook_events (fanned_out, seq);

CREATE TABLE webhook_deliveries (
    id              VARCHAR(36)  NOT NULL PRIMARY KEY,
    endpoint_id     VARCHAR(36)  NOT NULL,
    event_seq       BIGINT       NOT NULL,
    subject         VARCHAR(100) NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    attempts        INTEGER      NOT NULL,
    last_status     INTEGER,
    last_error      VARCHAR(40),
    next_attempt_at BIGINT       NOT NULL,
    give_up_at      BIGINT       NOT NULL,
    lease_until     BIGINT,
    claim           VARCHAR(36),
    created_at      BIGINT       NOT NULL,
    delivered_at    BIGINT,
    UNIQUE (endpoint_id, event_seq)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_by_subject ON webhook_deliveries (endpoint_id, subject, event_seq);

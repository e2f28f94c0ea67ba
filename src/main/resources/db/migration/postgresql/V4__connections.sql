-- End users' accounts at a provider. Tokens and credentials are sealed with the master key, bound to
-- the connection's id and the column, and set to NULL when the connection is disconnected.
CREATE TABLE connections (
    id                VARCHAR(36)  NOT NULL PRIMARY KEY,
    provider_slug     VARCHAR(63)  NOT NULL,
    owner             VARCHAR(256) NOT NULL,
    status            VARCHAR(16)  NOT NULL,
    auth_type         VARCHAR(16)  NOT NULL,
    tags              TEXT         NOT NULL,
    scopes            TEXT         NOT NULL,
    token_type        VARCHAR(40),
    expires_at        VARCHAR(40),
    last_refreshed_at VARCHAR(40),
    last_error_code   VARCHAR(64),
    last_error_at     VARCHAR(40),
    created_at        VARCHAR(40)  NOT NULL,
    updated_at        VARCHAR(40)  NOT NULL,
    revision          BIGINT       NOT NULL,
    created_by        VARCHAR(200) NOT NULL,
    connection_values TEXT,
    access_token      BYTEA,
    refresh_token     BYTEA,
    credential        BYTEA
);
CREATE INDEX connections_by_owner ON connections (owner, id);
CREATE INDEX connections_by_provider_status ON connections (provider_slug, status);

-- The tags of each connection again, one row per pair, so that a tag filter reads an index.
CREATE TABLE connection_tags (
    connection_id VARCHAR(36)  NOT NULL,
    tag_key       VARCHAR(64)  NOT NULL,
    tag_value     VARCHAR(256) NOT NULL,
    PRIMARY KEY (connection_id, tag_key)
);
CREATE INDEX connection_tags_by_pair ON connection_tags (tag_key, tag_value, connection_id);

-- POST /v1/connections answers a repeated Idempotency-Key as it answered the first time.
CREATE TABLE idempotency_keys (
    key_hash      VARCHAR(64)  NOT NULL PRIMARY KEY,
    request_hash  VARCHAR(64)  NOT NULL,
    status        INTEGER      NOT NULL,
    response      TEXT         NOT NULL,
    created_at    VARCHAR(40)  NOT NULL
);

ALTER TABLE audit_events ADD COLUMN connection_id VARCHAR(36);
ALTER TABLE audit_events ADD COLUMN connections_disconnected BIGINT;
CREATE INDEX audit_events_by_connection ON audit_events (connection_id, id);

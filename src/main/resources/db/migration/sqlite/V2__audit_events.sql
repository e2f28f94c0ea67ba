-- Who changed which provider, when. Written in the same transaction as the change it records.
CREATE TABLE audit_events (
    id             INTEGER      PRIMARY KEY AUTOINCREMENT,
    occurred_at    VARCHAR(40)  NOT NULL,
    action         VARCHAR(40)  NOT NULL,
    provider_slug  VARCHAR(63)  NOT NULL,
    actor          VARCHAR(200) NOT NULL,
    request_id     VARCHAR(200) NOT NULL,
    revision       BIGINT       NOT NULL,
    changed_fields TEXT         NOT NULL
);
CREATE INDEX audit_events_by_provider ON audit_events (provider_slug, id);

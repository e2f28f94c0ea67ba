-- One row per provider that was ever set up. config and secrets are NULL after a reset; the row
-- stays so that revision keeps counting and never goes back.
CREATE TABLE provider_setups (
    slug          VARCHAR(63)  NOT NULL PRIMARY KEY,
    revision      BIGINT       NOT NULL,
    config        TEXT,
    secrets       TEXT,
    configured_at VARCHAR(40),
    updated_at    VARCHAR(40)  NOT NULL,
    updated_by    VARCHAR(200) NOT NULL
);

-- API keys: only a SHA-256 hash of each key is stored.
CREATE TABLE api_keys (
    name         VARCHAR(100) NOT NULL PRIMARY KEY,
    scope        VARCHAR(10)  NOT NULL,
    key_hash     VARCHAR(64)  NOT NULL UNIQUE,
    created_at   VARCHAR(40)  NOT NULL,
    last_used_at VARCHAR(40),
    revoked_at   VARCHAR(40)
);

-- Browser flows that connect an account (connect sessions). Only SHA-256 hashes of the session
-- token and of the OAuth state are kept; the PKCE verifier is sealed with the master key. Times are
-- epoch milliseconds so that expiry compares as numbers on both databases.
CREATE TABLE connect_sessions (
    token_hash    VARCHAR(64)  NOT NULL PRIMARY KEY,
    state_hash    VARCHAR(64)  UNIQUE,
    provider_slug VARCHAR(63)  NOT NULL,
    owner         TEXT         NOT NULL,
    tags          TEXT         NOT NULL,
    scopes        TEXT         NOT NULL,
    connection_id VARCHAR(36),
    return_url    TEXT,
    origin        TEXT,
    pkce_verifier TEXT,
    redirect_uri  TEXT,
    created_by    VARCHAR(200) NOT NULL,
    request_id    VARCHAR(200) NOT NULL,
    created_at    BIGINT       NOT NULL,
    expires_at    BIGINT       NOT NULL,
    used_at       BIGINT,
    completed_at  BIGINT
);
CREATE INDEX connect_sessions_by_expiry ON connect_sessions (expires_at);

-- Idempotency-Key answers (API-CONVENTIONS.md: kept 24 h per caller), written by the
-- api-gateway's idempotency middleware. Times are epoch milliseconds (BIGINT), not
-- TIMESTAMPTZ, so that the same statements and comparisons run on SQLite too.
-- expires_at is the end of the lease while 'in_progress', the end of the replay window once
-- 'done'; a row past it counts as absent and is replaced or purged.
CREATE TABLE idempotency_keys (
    actor        VARCHAR(40) COLLATE "C" NOT NULL CHECK (length(actor) >= 1),
    key          VARCHAR(255) COLLATE "C" NOT NULL CHECK (length(key) >= 1),
    fingerprint  CHAR(64) NOT NULL,
    state        VARCHAR(20) NOT NULL CHECK (state IN ('in_progress', 'done')),
    status       INTEGER,
    content_type TEXT,
    headers      TEXT,
    body         TEXT,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    PRIMARY KEY (actor, key),
    CHECK ((state = 'done') = (status IS NOT NULL))
);
CREATE INDEX idx_idempotency_keys_expires_at ON idempotency_keys (expires_at);

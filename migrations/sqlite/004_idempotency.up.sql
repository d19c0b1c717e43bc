-- Idempotency-Key answers (API-CONVENTIONS.md: kept 24 h per caller), written by the
-- api-gateway's idempotency middleware. Mirrors migrations/postgres. Times are epoch
-- milliseconds in both dialects, so the expiry comparisons read the same on each.
-- expires_at is the end of the lease while 'in_progress', the end of the replay window once
-- 'done'; a row past it counts as absent and is replaced or purged.
CREATE TABLE idempotency_keys (
    actor        TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 40),
    key          TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    fingerprint  TEXT NOT NULL CHECK (length(fingerprint) = 64),
    state        TEXT NOT NULL CHECK (state IN ('in_progress', 'done')),
    status       INTEGER,
    content_type TEXT,
    headers      TEXT,
    body         TEXT,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    PRIMARY KEY (actor, key),
    CHECK ((state = 'done') = (status IS NOT NULL))
);
CREATE INDEX idx_idempotency_keys_expires_at ON idempotency_keys (expires_at);

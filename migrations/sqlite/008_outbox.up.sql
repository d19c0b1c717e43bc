-- The transactional outbox (issue 5 §5): events written in the same transaction as the state
-- change behind them, published in `sequence` order by the relay, which claims a batch with a
-- lease (claimed_by, claimed_until) so several processes can relay at once. Timestamps are
-- ISO 8601 UTC text ending in 'Z' (fixed width, so text order is time order), as in 006/007.
CREATE TABLE outbox (
    sequence       INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT NOT NULL UNIQUE CHECK (length(id) <= 40),
    type           TEXT NOT NULL CHECK (length(type) BETWEEN 1 AND 100),
    aggregate_type TEXT NOT NULL CHECK (length(aggregate_type) <= 40),
    aggregate_id   TEXT NOT NULL CHECK (length(aggregate_id) <= 200),
    tenant_id      TEXT NOT NULL DEFAULT '' CHECK (length(tenant_id) <= 40),
    payload        TEXT NOT NULL CHECK (json_valid(payload)),
    occurred_at    TEXT NOT NULL,
    trace_id       TEXT NOT NULL DEFAULT '' CHECK (length(trace_id) <= 32),
    created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    published_at   TEXT,
    claimed_by     TEXT,
    claimed_until  TEXT,
    attempts       INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0)
);

-- The relay's work list (and the lag/pending gauges) reads only unpublished rows.
CREATE INDEX outbox_unpublished ON outbox (sequence) WHERE published_at IS NULL;
-- The retention purge reads only published rows, oldest first.
CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;

-- Idempotent consumers: one row per (consumer, event) handled, written in the consumer's own
-- transaction together with the effect.
CREATE TABLE consumed_events (
    consumer    TEXT NOT NULL CHECK (length(consumer) BETWEEN 1 AND 100),
    event_id    TEXT NOT NULL CHECK (length(event_id) <= 40),
    consumed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (consumer, event_id)
);

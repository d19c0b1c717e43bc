-- The transactional outbox (issue 5 §5): events written in the same transaction as the state
-- change behind them, published in `sequence` order by the relay, which claims a batch with a
-- lease (claimed_by, claimed_until; FOR UPDATE SKIP LOCKED) so several processes can relay at
-- once. A sequence is allocated at INSERT, not at COMMIT, so a relay may see a later sequence
-- committed before an earlier one: order is per relay pass, not a global total order.
CREATE TABLE outbox (
    sequence       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id             VARCHAR(40) COLLATE "C" NOT NULL UNIQUE,
    type           VARCHAR(100) COLLATE "C" NOT NULL CHECK (length(type) >= 1),
    aggregate_type VARCHAR(40) COLLATE "C" NOT NULL,
    aggregate_id   VARCHAR(200) COLLATE "C" NOT NULL,
    tenant_id      VARCHAR(40) COLLATE "C" NOT NULL DEFAULT '',
    payload        JSONB NOT NULL,
    occurred_at    TIMESTAMPTZ NOT NULL,
    trace_id       VARCHAR(32) COLLATE "C" NOT NULL DEFAULT '',
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at   TIMESTAMPTZ,
    claimed_by     VARCHAR(64) COLLATE "C",
    claimed_until  TIMESTAMPTZ,
    attempts       INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0)
);

-- The relay's work list (and the lag/pending gauges) reads only unpublished rows.
CREATE INDEX outbox_unpublished ON outbox (sequence) WHERE published_at IS NULL;
-- The retention purge reads only published rows, oldest first.
CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;

-- Idempotent consumers: one row per (consumer, event) handled, written in the consumer's own
-- transaction together with the effect.
CREATE TABLE consumed_events (
    consumer    VARCHAR(100) COLLATE "C" NOT NULL CHECK (length(consumer) >= 1),
    event_id    VARCHAR(40) COLLATE "C" NOT NULL,
    consumed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

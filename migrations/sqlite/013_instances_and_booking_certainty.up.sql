-- Issue 13. Process instances: one row per running `hotel` process, its heartbeat renewed every
-- INSTANCE_HEARTBEAT_MS. Every claim a process can die holding (an idempotency key in
-- progress, an outbox batch, a supplier sync, a content import, an order at the supplier)
-- records the instance that holds it, and another process takes it over as soon as that
-- instance is gone: its heartbeat older than INSTANCE_STALE_MS, or its row marked stopped.
-- Times are epoch milliseconds (integers) on both engines.
CREATE TABLE process_instances (
    id           TEXT PRIMARY KEY,
    host         TEXT NOT NULL,
    pid          INTEGER NOT NULL,
    boot_id      TEXT NOT NULL DEFAULT '',
    start_ticks  INTEGER NOT NULL DEFAULT 0,  -- /proc/<pid>/stat field 22: tells a reused pid apart
    started_at   INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL,
    stopped_at   INTEGER
);
CREATE INDEX idx_process_instances_host ON process_instances (host);

ALTER TABLE idempotency_keys ADD COLUMN owner TEXT;
-- The claim's lease apart from the replay window: expires_at (indexed, for the purge) is set
-- once at the claim, so storing the answer changes no indexed column and PostgreSQL updates
-- the row in place (a HOT update: no index entries; room left on the page by the fill factor).
-- NULL (rows written before): expires_at is the lease while in_progress.
ALTER TABLE idempotency_keys ADD COLUMN lease_until INTEGER;
ALTER TABLE supplier_sync_state ADD COLUMN running_by TEXT;
ALTER TABLE content_import_jobs ADD COLUMN owner TEXT;

-- Booking certainty (order-service): who works on the order at the supplier now (the placing
-- process, or a poller that claimed it) and until when at the latest; when the first supplier
-- booking attempt started (the confirmation window counts from it); when the poller looks
-- next and how often it has looked (its back-off); and, for an order that ended while the
-- supplier could still confirm it late, until when it is watched for a ghost booking.
ALTER TABLE orders ADD COLUMN worker TEXT;
ALTER TABLE orders ADD COLUMN worker_until TEXT;
ALTER TABLE orders ADD COLUMN booking_started_at TEXT;
ALTER TABLE orders ADD COLUMN next_check_at TEXT;
ALTER TABLE orders ADD COLUMN checks INTEGER NOT NULL DEFAULT 0 CHECK (checks >= 0);
ALTER TABLE orders ADD COLUMN watch_until TEXT;
UPDATE orders SET booking_started_at = updated_at, next_check_at = updated_at WHERE status IN ('BOOKING', 'ON_REQUEST');
CREATE INDEX idx_orders_next_check ON orders (next_check_at) WHERE next_check_at IS NOT NULL;
CREATE INDEX idx_orders_in_flight ON orders (id) WHERE status IN ('BOOKING', 'CANCELLING');

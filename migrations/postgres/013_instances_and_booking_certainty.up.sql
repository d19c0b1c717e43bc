-- Issue 13. Process instances: one row per running `hotel` process, its heartbeat renewed every
-- INSTANCE_HEARTBEAT_MS. Every claim a process can die holding (an idempotency key in
-- progress, an outbox batch, a supplier sync, a content import, an order at the supplier)
-- records the instance that holds it, and another process takes it over as soon as that
-- instance is gone: its heartbeat older than INSTANCE_STALE_MS, or its row marked stopped.
-- Times are epoch milliseconds (integers) on both engines.
CREATE TABLE process_instances (
    id           VARCHAR(40) COLLATE "C" PRIMARY KEY,
    host         VARCHAR(255) NOT NULL,
    pid          INTEGER NOT NULL,
    boot_id      VARCHAR(64) NOT NULL DEFAULT '',
    start_ticks  BIGINT NOT NULL DEFAULT 0,  -- /proc/<pid>/stat field 22: tells a reused pid apart
    started_at   BIGINT NOT NULL,
    heartbeat_at BIGINT NOT NULL,
    stopped_at   BIGINT
);
CREATE INDEX idx_process_instances_host ON process_instances (host);

ALTER TABLE idempotency_keys ADD COLUMN owner VARCHAR(40) COLLATE "C";
-- The claim's lease apart from the replay window: expires_at (indexed, for the purge) is set
-- once at the claim, so storing the answer changes no indexed column and PostgreSQL updates
-- the row in place (a HOT update: no index entries; room left on the page by the fill factor).
-- NULL (rows written before): expires_at is the lease while in_progress.
ALTER TABLE idempotency_keys ADD COLUMN lease_until BIGINT;
ALTER TABLE idempotency_keys SET (fillfactor = 60);
ALTER TABLE supplier_sync_state ADD COLUMN running_by VARCHAR(40) COLLATE "C";
ALTER TABLE content_import_jobs ADD COLUMN owner VARCHAR(40) COLLATE "C";

-- Booking certainty (order-service): who works on the order at the supplier now (the placing
-- process, or a poller that claimed it) and until when at the latest; when the first supplier
-- booking attempt started (the confirmation window counts from it); when the poller looks
-- next and how often it has looked (its back-off); and, for an order that ended while the
-- supplier could still confirm it late, until when it is watched for a ghost booking.
ALTER TABLE orders ADD COLUMN worker VARCHAR(40) COLLATE "C";
ALTER TABLE orders ADD COLUMN worker_until TIMESTAMPTZ;
ALTER TABLE orders ADD COLUMN booking_started_at TIMESTAMPTZ;
ALTER TABLE orders ADD COLUMN next_check_at TIMESTAMPTZ;
ALTER TABLE orders ADD COLUMN checks INTEGER NOT NULL DEFAULT 0 CHECK (checks >= 0);
ALTER TABLE orders ADD COLUMN watch_until TIMESTAMPTZ;
UPDATE orders SET booking_started_at = updated_at, next_check_at = updated_at WHERE status IN ('BOOKING', 'ON_REQUEST');
CREATE INDEX idx_orders_next_check ON orders (next_check_at) WHERE next_check_at IS NOT NULL;
CREATE INDEX idx_orders_in_flight ON orders (id) WHERE status IN ('BOOKING', 'CANCELLING');

-- Rows written on every booking that reference a row the same statement or transaction has
-- just locked for update (a credit account, the order): PostgreSQL checks such a foreign key
-- with a key-share lock next to our own update lock, i.e. a multixact per check, on the
-- hottest rows of the platform. The ledger and the order service write these only with an
-- account or order they hold (accounts and orders are never deleted while referenced), so the
-- check protects nothing the code does not, at a measured cost. SQLite keeps them (in-process:
-- cheap).
ALTER TABLE credit_entries DROP CONSTRAINT credit_entries_account_id_fkey;
ALTER TABLE credit_holds DROP CONSTRAINT credit_holds_account_id_fkey;
ALTER TABLE credit_holds DROP CONSTRAINT credit_holds_tenant_id_fkey;
ALTER TABLE order_transitions DROP CONSTRAINT order_transitions_order_id_fkey;

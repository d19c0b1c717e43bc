-- Suppliers: one row per connected supplier, with its credentials sealed by the application
-- (libsodium secretbox under ENCRYPTION_SECRET, "v1:" + base64): the database never sees them
-- in clear. Mirrors migrations/postgres: check-ins are 'YYYY-MM-DD' text, timestamps ISO 8601
-- UTC text ending in 'Z', written by the application.
CREATE TABLE suppliers (
    id                  TEXT PRIMARY KEY CHECK (length(id) <= 40),
    code                TEXT NOT NULL UNIQUE
                        CHECK (length(code) BETWEEN 2 AND 16 AND code NOT GLOB '*[^A-Z0-9_]*'),
    name                TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    protocol            TEXT NOT NULL CHECK (protocol IN ('hbx-json', 'ota-xml', 'rapid-json')),
    endpoint            TEXT NOT NULL CHECK (length(endpoint) <= 500 AND endpoint LIKE 'http%://%'),
    api_key_enc         TEXT CHECK (api_key_enc LIKE 'v_:%'),
    secret_enc          TEXT CHECK (secret_enc LIKE 'v_:%'),
    enabled             INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    search_timeout_ms   INTEGER NOT NULL DEFAULT 10000 CHECK (search_timeout_ms BETWEEN 100 AND 300000),
    quote_timeout_ms    INTEGER NOT NULL DEFAULT 20000 CHECK (quote_timeout_ms BETWEEN 100 AND 300000),
    book_timeout_ms     INTEGER NOT NULL DEFAULT 60000 CHECK (book_timeout_ms BETWEEN 100 AND 300000),
    retrieve_timeout_ms INTEGER NOT NULL DEFAULT 20000 CHECK (retrieve_timeout_ms BETWEEN 100 AND 300000),
    cancel_timeout_ms   INTEGER NOT NULL DEFAULT 20000 CHECK (cancel_timeout_ms BETWEEN 100 AND 300000),
    content_timeout_ms  INTEGER NOT NULL DEFAULT 20000 CHECK (content_timeout_ms BETWEEN 100 AND 300000),
    currency            TEXT NOT NULL CHECK (length(currency) = 3),
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);

-- The availability sync of each supplier: its last run, and a claim (`running_since`) that
-- keeps two runs of one supplier apart, across processes too; a claim older than the
-- longest possible run is stale and may be taken over.
CREATE TABLE supplier_sync_state (
    supplier_code    TEXT PRIMARY KEY REFERENCES suppliers (code) ON DELETE CASCADE,
    running_since    TEXT,
    last_started_at  TEXT,
    last_finished_at TEXT,
    last_outcome     TEXT CHECK (last_outcome IN ('ok', 'partial', 'failed')),
    last_error       TEXT CHECK (length(last_error) <= 40),
    hotels_synced    INTEGER NOT NULL DEFAULT 0 CHECK (hotels_synced >= 0)
);

-- The availability snapshot: per supplier, hotel and check-in, the cheapest net of a sample
-- stay (one night, two adults) and how many rates there were; no rate → NULL net, 0 rates.
CREATE TABLE supplier_availability (
    supplier_code TEXT NOT NULL REFERENCES suppliers (code) ON DELETE CASCADE,
    hotel_code    TEXT NOT NULL CHECK (length(hotel_code) BETWEEN 1 AND 64),
    check_in      TEXT NOT NULL CHECK (check_in GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    nights        INTEGER NOT NULL CHECK (nights > 0),
    min_net_minor INTEGER,
    currency      TEXT CHECK (length(currency) = 3),
    rate_count    INTEGER NOT NULL CHECK (rate_count >= 0),
    synced_at     TEXT NOT NULL,
    PRIMARY KEY (supplier_code, hotel_code, check_in),
    CHECK ((rate_count = 0) = (min_net_minor IS NULL)),
    CHECK ((min_net_minor IS NULL) = (currency IS NULL))
);

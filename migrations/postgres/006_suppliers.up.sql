-- Suppliers: one row per connected supplier, with its credentials sealed by the application
-- (libsodium secretbox under ENCRYPTION_SECRET, "v1:" + base64): the database never sees them
-- in clear. `version` grows on every change, so each process's registry rebuilds what changed.
CREATE TABLE suppliers (
    id                  VARCHAR(40) COLLATE "C" PRIMARY KEY,
    code                VARCHAR(16) COLLATE "C" NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9_]{2,16}$'),
    name                VARCHAR(200) NOT NULL CHECK (length(name) >= 1),
    protocol            VARCHAR(20) NOT NULL CHECK (protocol IN ('hbx-json', 'ota-xml', 'rapid-json')),
    endpoint            VARCHAR(500) NOT NULL CHECK (endpoint LIKE 'http%://%'),
    api_key_enc         TEXT CHECK (api_key_enc LIKE 'v_:%'),
    secret_enc          TEXT CHECK (secret_enc LIKE 'v_:%'),
    enabled             BOOLEAN NOT NULL DEFAULT TRUE,
    search_timeout_ms   INTEGER NOT NULL DEFAULT 10000 CHECK (search_timeout_ms BETWEEN 100 AND 300000),
    quote_timeout_ms    INTEGER NOT NULL DEFAULT 20000 CHECK (quote_timeout_ms BETWEEN 100 AND 300000),
    book_timeout_ms     INTEGER NOT NULL DEFAULT 60000 CHECK (book_timeout_ms BETWEEN 100 AND 300000),
    retrieve_timeout_ms INTEGER NOT NULL DEFAULT 20000 CHECK (retrieve_timeout_ms BETWEEN 100 AND 300000),
    cancel_timeout_ms   INTEGER NOT NULL DEFAULT 20000 CHECK (cancel_timeout_ms BETWEEN 100 AND 300000),
    content_timeout_ms  INTEGER NOT NULL DEFAULT 20000 CHECK (content_timeout_ms BETWEEN 100 AND 300000),
    currency            CHAR(3) NOT NULL,
    version             BIGINT NOT NULL DEFAULT 1,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);

-- The availability sync of each supplier: its last run, and a claim (`running_since`) that
-- keeps two runs of one supplier apart, across processes too; a claim older than the
-- longest possible run is stale and may be taken over.
CREATE TABLE supplier_sync_state (
    supplier_code    VARCHAR(16) COLLATE "C" PRIMARY KEY REFERENCES suppliers (code) ON DELETE CASCADE,
    running_since    TIMESTAMPTZ,
    last_started_at  TIMESTAMPTZ,
    last_finished_at TIMESTAMPTZ,
    last_outcome     VARCHAR(10) CHECK (last_outcome IN ('ok', 'partial', 'failed')),
    last_error       VARCHAR(40),
    hotels_synced    INTEGER NOT NULL DEFAULT 0 CHECK (hotels_synced >= 0)
);

-- The availability snapshot: per supplier, hotel and check-in, the cheapest net of a sample
-- stay (one night, two adults) and how many rates there were; no rate → NULL net, 0 rates.
CREATE TABLE supplier_availability (
    supplier_code VARCHAR(16) COLLATE "C" NOT NULL REFERENCES suppliers (code) ON DELETE CASCADE,
    hotel_code    VARCHAR(64) COLLATE "C" NOT NULL,
    check_in      DATE NOT NULL,
    nights        INTEGER NOT NULL CHECK (nights > 0),
    min_net_minor BIGINT,
    currency      CHAR(3),
    rate_count    INTEGER NOT NULL CHECK (rate_count >= 0),
    synced_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (supplier_code, hotel_code, check_in),
    CHECK ((rate_count = 0) = (min_net_minor IS NULL)),
    CHECK ((min_net_minor IS NULL) = (currency IS NULL))
);

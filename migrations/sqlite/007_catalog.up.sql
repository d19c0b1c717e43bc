-- The master catalog (matching-service): master hotels, each supplier's hotels as last
-- imported, the mappings between them, the review queue, the decisions people made (pins,
-- never overwritten by an automatic run) and content-import jobs. Mirrors migrations/postgres:
-- timestamps are ISO 8601 UTC text ending in 'Z', written by the application. supplier_code
-- is the supplier-adapter's suppliers.code; no foreign key, so the catalog keeps what was
-- imported from a supplier that is later removed.
CREATE TABLE master_hotels (
    id                 TEXT PRIMARY KEY,
    name               TEXT NOT NULL,
    address            TEXT NOT NULL DEFAULT '',
    city               TEXT NOT NULL DEFAULT '',
    city_key           TEXT NOT NULL DEFAULT '',  -- normalised city, for the city filter
    country            TEXT NOT NULL DEFAULT '',
    postcode           TEXT NOT NULL DEFAULT '',
    phone              TEXT NOT NULL DEFAULT '',
    chain              TEXT NOT NULL DEFAULT '',
    lat                REAL NOT NULL,
    lon                REAL NOT NULL,
    stars              INTEGER NOT NULL CHECK (stars BETWEEN 0 AND 7),
    -- The supplier hotel the master was created from; its content is the master's.
    seed_supplier_code TEXT NOT NULL,
    seed_hotel_code    TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX idx_master_hotels_city ON master_hotels (city_key, country);

-- Normalised words of each master's name and city: a search word is a range scan here
-- (prefix match), on both engines, however many masters there are.
CREATE TABLE master_hotel_tokens (
    token     TEXT NOT NULL,
    master_id TEXT NOT NULL REFERENCES master_hotels (id) ON DELETE CASCADE,
    PRIMARY KEY (token, master_id)
);
CREATE INDEX idx_master_hotel_tokens_master ON master_hotel_tokens (master_id);

CREATE TABLE supplier_hotels (
    supplier_code TEXT NOT NULL,
    hotel_code    TEXT NOT NULL CHECK (length(hotel_code) >= 1),
    name          TEXT NOT NULL,
    address       TEXT NOT NULL DEFAULT '',
    city          TEXT NOT NULL DEFAULT '',
    country       TEXT NOT NULL DEFAULT '',
    postcode      TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    chain         TEXT NOT NULL DEFAULT '',
    lat           REAL NOT NULL,
    lon           REAL NOT NULL,
    stars         INTEGER NOT NULL CHECK (stars BETWEEN 0 AND 7),
    content_hash  TEXT NOT NULL,  -- FNV-1a 64 of the content fields, hex
    first_seen_at TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    import_id     TEXT,           -- the import that last saw it
    PRIMARY KEY (supplier_code, hotel_code)
);

-- Which master each supplier hotel is. A supplier hotel in the review queue has no row yet.
CREATE TABLE hotel_mappings (
    supplier_code TEXT NOT NULL,
    hotel_code    TEXT NOT NULL,
    master_id     TEXT NOT NULL REFERENCES master_hotels (id),
    kind          TEXT NOT NULL
                  CHECK (kind IN ('auto', 'review_approved', 'manual', 'new_master', 'duplicate')),
    score         REAL,                  -- NULL for new masters
    decided_by    TEXT NOT NULL,             -- 'matcher', or the person (usr_…/key_…)
    decided_at    TEXT NOT NULL,
    import_id     TEXT,
    PRIMARY KEY (supplier_code, hotel_code),
    FOREIGN KEY (supplier_code, hotel_code) REFERENCES supplier_hotels (supplier_code, hotel_code)
);
CREATE INDEX idx_hotel_mappings_master ON hotel_mappings (master_id);

CREATE TABLE mapping_reviews (
    id                TEXT PRIMARY KEY,
    supplier_code     TEXT NOT NULL,
    hotel_code        TEXT NOT NULL,
    master_id         TEXT NOT NULL REFERENCES master_hotels (id),  -- the candidate
    score             REAL NOT NULL,
    score_name        REAL NOT NULL,
    distance_m        REAL NOT NULL,
    coords_swapped    INTEGER NOT NULL DEFAULT 0 CHECK (coords_swapped IN (0, 1)),
    score_address     REAL,  -- NULL: one side lacks the field
    score_phone       REAL,
    score_stars       REAL,
    score_chain       REAL,
    status            TEXT NOT NULL CHECK (status IN ('open', 'approved', 'rejected', 'remapped')),
    import_id         TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    decided_by        TEXT,
    decided_at        TEXT,
    decided_master_id TEXT REFERENCES master_hotels (id),  -- where the record went
    FOREIGN KEY (supplier_code, hotel_code) REFERENCES supplier_hotels (supplier_code, hotel_code),
    CHECK ((status = 'open') = (decided_at IS NULL))
);
-- At most one open item per supplier hotel: a re-import updates it instead of adding one.
CREATE UNIQUE INDEX idx_mapping_reviews_open ON mapping_reviews (supplier_code, hotel_code) WHERE status = 'open';
CREATE INDEX idx_mapping_reviews_status ON mapping_reviews (status, id);

-- Decisions people made; an automatic run takes them as given.
CREATE TABLE mapping_pins (
    supplier_code TEXT NOT NULL,
    hotel_code    TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('map_to', 'new_master', 'not_this_master')),
    master_id     TEXT REFERENCES master_hotels (id),
    review_id     TEXT,
    decided_by    TEXT NOT NULL,
    decided_at    TEXT NOT NULL,
    PRIMARY KEY (supplier_code, hotel_code),
    FOREIGN KEY (supplier_code, hotel_code) REFERENCES supplier_hotels (supplier_code, hotel_code),
    CHECK ((kind = 'new_master') = (master_id IS NULL))
);

CREATE TABLE content_import_jobs (
    id             TEXT PRIMARY KEY,
    supplier_code  TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    page_size      INTEGER NOT NULL CHECK (page_size > 0),
    pages          INTEGER NOT NULL DEFAULT 0,
    hotels_fetched INTEGER NOT NULL DEFAULT 0,
    total          INTEGER,                 -- the supplier's total when it says
    auto_mapped    INTEGER NOT NULL DEFAULT 0,
    review         INTEGER NOT NULL DEFAULT 0,
    new_masters    INTEGER NOT NULL DEFAULT 0,
    duplicates     INTEGER NOT NULL DEFAULT 0,
    unchanged      INTEGER NOT NULL DEFAULT 0,
    pinned         INTEGER NOT NULL DEFAULT 0,
    skipped        INTEGER NOT NULL DEFAULT 0,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    started_at     TEXT,
    finished_at    TEXT,
    updated_at     TEXT NOT NULL,   -- the heartbeat: every page moves it
    error          TEXT
);
-- One import per supplier at a time, across processes too.
CREATE UNIQUE INDEX idx_content_import_jobs_active ON content_import_jobs (supplier_code)
    WHERE status IN ('queued', 'running');
CREATE INDEX idx_content_import_jobs_supplier ON content_import_jobs (supplier_code, id);

-- One row: an import's decisions and a reviewer's decision each take its row lock first and
-- move `version`, so they never interleave (READ COMMITTED would otherwise let an import undo
-- a decision). An import matches outside the lock and writes only if `version` did not move.
CREATE TABLE catalog_lock (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO catalog_lock (id, version) VALUES (1, 0);

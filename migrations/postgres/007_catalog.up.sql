-- The master catalog (matching-service): master hotels, each supplier's hotels as last
-- imported, the mappings between them, the review queue, the decisions people made (pins,
-- never overwritten by an automatic run) and content-import jobs. supplier_code is the
-- supplier-adapter's suppliers.code; no foreign key, so the catalog keeps what was imported
-- from a supplier that is later removed.
CREATE TABLE master_hotels (
    id                 VARCHAR(40) COLLATE "C" PRIMARY KEY,
    name               VARCHAR(300) NOT NULL,
    address            VARCHAR(300) NOT NULL DEFAULT '',
    city               VARCHAR(100) NOT NULL DEFAULT '',
    city_key           VARCHAR(100) COLLATE "C" NOT NULL DEFAULT '',  -- normalised city, for the city filter
    country            VARCHAR(2) COLLATE "C" NOT NULL DEFAULT '',
    postcode           VARCHAR(20) NOT NULL DEFAULT '',
    phone              VARCHAR(50) NOT NULL DEFAULT '',
    chain              VARCHAR(100) NOT NULL DEFAULT '',
    lat                DOUBLE PRECISION NOT NULL,
    lon                DOUBLE PRECISION NOT NULL,
    stars              INTEGER NOT NULL CHECK (stars BETWEEN 0 AND 7),
    -- The supplier hotel the master was created from; its content is the master's.
    seed_supplier_code VARCHAR(16) COLLATE "C" NOT NULL,
    seed_hotel_code    VARCHAR(64) COLLATE "C" NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_master_hotels_city ON master_hotels (city_key, country);

-- Normalised words of each master's name and city: a search word is a range scan here
-- (prefix match), on both engines, however many masters there are.
CREATE TABLE master_hotel_tokens (
    token     VARCHAR(64) COLLATE "C" NOT NULL,
    master_id VARCHAR(40) COLLATE "C" NOT NULL REFERENCES master_hotels (id) ON DELETE CASCADE,
    PRIMARY KEY (token, master_id)
);
CREATE INDEX idx_master_hotel_tokens_master ON master_hotel_tokens (master_id);

CREATE TABLE supplier_hotels (
    supplier_code VARCHAR(16) COLLATE "C" NOT NULL,
    hotel_code    VARCHAR(64) COLLATE "C" NOT NULL CHECK (length(hotel_code) >= 1),
    name          VARCHAR(300) NOT NULL,
    address       VARCHAR(300) NOT NULL DEFAULT '',
    city          VARCHAR(100) NOT NULL DEFAULT '',
    country       VARCHAR(2) NOT NULL DEFAULT '',
    postcode      VARCHAR(20) NOT NULL DEFAULT '',
    phone         VARCHAR(50) NOT NULL DEFAULT '',
    chain         VARCHAR(100) NOT NULL DEFAULT '',
    lat           DOUBLE PRECISION NOT NULL,
    lon           DOUBLE PRECISION NOT NULL,
    stars         INTEGER NOT NULL CHECK (stars BETWEEN 0 AND 7),
    content_hash  VARCHAR(16) COLLATE "C" NOT NULL,  -- FNV-1a 64 of the content fields, hex
    first_seen_at TIMESTAMPTZ NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL,
    import_id     VARCHAR(40) COLLATE "C",           -- the import that last saw it
    PRIMARY KEY (supplier_code, hotel_code)
);

-- Which master each supplier hotel is. A supplier hotel in the review queue has no row yet.
CREATE TABLE hotel_mappings (
    supplier_code VARCHAR(16) COLLATE "C" NOT NULL,
    hotel_code    VARCHAR(64) COLLATE "C" NOT NULL,
    master_id     VARCHAR(40) COLLATE "C" NOT NULL REFERENCES master_hotels (id),
    kind          VARCHAR(20) NOT NULL
                  CHECK (kind IN ('auto', 'review_approved', 'manual', 'new_master', 'duplicate')),
    score         DOUBLE PRECISION,                  -- NULL for new masters
    decided_by    VARCHAR(100) NOT NULL,             -- 'matcher', or the person (usr_…/key_…)
    decided_at    TIMESTAMPTZ NOT NULL,
    import_id     VARCHAR(40) COLLATE "C",
    PRIMARY KEY (supplier_code, hotel_code),
    FOREIGN KEY (supplier_code, hotel_code) REFERENCES supplier_hotels (supplier_code, hotel_code)
);
CREATE INDEX idx_hotel_mappings_master ON hotel_mappings (master_id);

CREATE TABLE mapping_reviews (
    id                VARCHAR(40) COLLATE "C" PRIMARY KEY,
    supplier_code     VARCHAR(16) COLLATE "C" NOT NULL,
    hotel_code        VARCHAR(64) COLLATE "C" NOT NULL,
    master_id         VARCHAR(40) COLLATE "C" NOT NULL REFERENCES master_hotels (id),  -- the candidate
    score             DOUBLE PRECISION NOT NULL,
    score_name        DOUBLE PRECISION NOT NULL,
    distance_m        DOUBLE PRECISION NOT NULL,
    coords_swapped    BOOLEAN NOT NULL DEFAULT FALSE,
    score_address     DOUBLE PRECISION,  -- NULL: one side lacks the field
    score_phone       DOUBLE PRECISION,
    score_stars       DOUBLE PRECISION,
    score_chain       DOUBLE PRECISION,
    status            VARCHAR(20) NOT NULL CHECK (status IN ('open', 'approved', 'rejected', 'remapped')),
    import_id         VARCHAR(40) COLLATE "C",
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    decided_by        VARCHAR(100),
    decided_at        TIMESTAMPTZ,
    decided_master_id VARCHAR(40) COLLATE "C" REFERENCES master_hotels (id),  -- where the record went
    FOREIGN KEY (supplier_code, hotel_code) REFERENCES supplier_hotels (supplier_code, hotel_code),
    CHECK ((status = 'open') = (decided_at IS NULL))
);
-- At most one open item per supplier hotel: a re-import updates it instead of adding one.
CREATE UNIQUE INDEX idx_mapping_reviews_open ON mapping_reviews (supplier_code, hotel_code) WHERE status = 'open';
CREATE INDEX idx_mapping_reviews_status ON mapping_reviews (status, id);

-- Decisions people made; an automatic run takes them as given.
CREATE TABLE mapping_pins (
    supplier_code VARCHAR(16) COLLATE "C" NOT NULL,
    hotel_code    VARCHAR(64) COLLATE "C" NOT NULL,
    kind          VARCHAR(20) NOT NULL CHECK (kind IN ('map_to', 'new_master', 'not_this_master')),
    master_id     VARCHAR(40) COLLATE "C" REFERENCES master_hotels (id),
    review_id     VARCHAR(40) COLLATE "C",
    decided_by    VARCHAR(100) NOT NULL,
    decided_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (supplier_code, hotel_code),
    FOREIGN KEY (supplier_code, hotel_code) REFERENCES supplier_hotels (supplier_code, hotel_code),
    CHECK ((kind = 'new_master') = (master_id IS NULL))
);

CREATE TABLE content_import_jobs (
    id             VARCHAR(40) COLLATE "C" PRIMARY KEY,
    supplier_code  VARCHAR(16) COLLATE "C" NOT NULL,
    status         VARCHAR(20) NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    page_size      INTEGER NOT NULL CHECK (page_size > 0),
    pages          INTEGER NOT NULL DEFAULT 0,
    hotels_fetched INTEGER NOT NULL DEFAULT 0,
    total          BIGINT,                 -- the supplier's total when it says
    auto_mapped    INTEGER NOT NULL DEFAULT 0,
    review         INTEGER NOT NULL DEFAULT 0,
    new_masters    INTEGER NOT NULL DEFAULT 0,
    duplicates     INTEGER NOT NULL DEFAULT 0,
    unchanged      INTEGER NOT NULL DEFAULT 0,
    pinned         INTEGER NOT NULL DEFAULT 0,
    skipped        INTEGER NOT NULL DEFAULT 0,
    created_by     VARCHAR(100) NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    started_at     TIMESTAMPTZ,
    finished_at    TIMESTAMPTZ,
    updated_at     TIMESTAMPTZ NOT NULL,   -- the heartbeat: every page moves it
    error          VARCHAR(1000)
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
    version BIGINT NOT NULL
);
INSERT INTO catalog_lock (id, version) VALUES (1, 0);

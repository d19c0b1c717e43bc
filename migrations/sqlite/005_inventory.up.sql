-- Inventory: direct-contract allotments per hotel, room type and night, and holds on them.
-- Mirrors migrations/postgres: nights are 'YYYY-MM-DD' text (checked), timestamps are ISO 8601
-- UTC text ending in 'Z', written by the application. hotel_id is a master hotel id ('htl_…');
-- no foreign key yet (the catalog comes with matching-service).
CREATE TABLE allotments (
    hotel_id   TEXT NOT NULL CHECK (length(hotel_id) <= 40),
    room_type  TEXT NOT NULL CHECK (length(room_type) BETWEEN 1 AND 50),
    night      TEXT NOT NULL CHECK (night GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    total      INTEGER NOT NULL CHECK (total >= 0),
    sold       INTEGER NOT NULL DEFAULT 0 CHECK (sold >= 0),
    held       INTEGER NOT NULL DEFAULT 0 CHECK (held >= 0),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (hotel_id, room_type, night),
    CHECK (sold + held <= total)
);

CREATE TABLE allotment_holds (
    id         TEXT PRIMARY KEY CHECK (length(id) <= 40),
    hotel_id   TEXT NOT NULL CHECK (length(hotel_id) <= 40),
    room_type  TEXT NOT NULL CHECK (length(room_type) BETWEEN 1 AND 50),
    check_in   TEXT NOT NULL,
    check_out  TEXT NOT NULL,
    rooms      INTEGER NOT NULL CHECK (rooms > 0),
    status     TEXT NOT NULL CHECK (status IN ('held', 'confirmed', 'released', 'expired')),
    expires_at TEXT NOT NULL,
    reference  TEXT CHECK (length(reference) <= 100),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (check_out > check_in)
);
-- NULLs are distinct in a UNIQUE index: many holds without a reference, one per reference.
CREATE UNIQUE INDEX idx_allotment_holds_reference ON allotment_holds (reference);
-- The expiry sweep reads only live holds.
CREATE INDEX idx_allotment_holds_expiry ON allotment_holds (expires_at) WHERE status = 'held';

-- Inventory: direct-contract allotments per hotel, room type and night, and holds on them.
-- hotel_id is a master hotel id ('htl_…'); no foreign key yet (the catalog comes with
-- matching-service). Stock changes are single guarded UPDATEs (READ COMMITTED safe); the
-- CHECKs are the last line against oversell.
CREATE TABLE allotments (
    hotel_id   VARCHAR(40) COLLATE "C" NOT NULL,
    room_type  VARCHAR(50) COLLATE "C" NOT NULL CHECK (length(room_type) >= 1),
    night      DATE NOT NULL,
    total      INTEGER NOT NULL CHECK (total >= 0),
    sold       INTEGER NOT NULL DEFAULT 0 CHECK (sold >= 0),
    held       INTEGER NOT NULL DEFAULT 0 CHECK (held >= 0),
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (hotel_id, room_type, night),
    CHECK (sold + held <= total)
);

CREATE TABLE allotment_holds (
    id         VARCHAR(40) COLLATE "C" PRIMARY KEY,
    hotel_id   VARCHAR(40) COLLATE "C" NOT NULL,
    room_type  VARCHAR(50) COLLATE "C" NOT NULL CHECK (length(room_type) >= 1),
    check_in   DATE NOT NULL,
    check_out  DATE NOT NULL,
    rooms      INTEGER NOT NULL CHECK (rooms > 0),
    status     VARCHAR(20) NOT NULL CHECK (status IN ('held', 'confirmed', 'released', 'expired')),
    expires_at TIMESTAMPTZ NOT NULL,
    reference  VARCHAR(100),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CHECK (check_out > check_in)
);
-- NULLs are distinct in a UNIQUE index: many holds without a reference, one per reference.
CREATE UNIQUE INDEX idx_allotment_holds_reference ON allotment_holds (reference);
-- The expiry sweep reads only live holds.
CREATE INDEX idx_allotment_holds_expiry ON allotment_holds (expires_at) WHERE status = 'held';

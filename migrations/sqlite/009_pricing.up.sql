-- Pricing: markup rules (one row per rule, tier derived from the owner tenant's depth) and
-- exchange rates (fixed-point, 10 decimals). Mirrors migrations/postgres: stay dates are
-- 'YYYY-MM-DD' text, timestamps ISO 8601 UTC text ending in 'Z', written by the application.
-- Rules are never deleted through the API (DELETE disables them), so `created_seq` and the
-- audit columns keep telling which rule priced an order.
CREATE TABLE markup_rules (
    id                TEXT PRIMARY KEY CHECK (length(id) <= 40),
    owner_tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    -- The owner's materialised path, copied so that a subtree's rules are one range scan.
    owner_tenant_path TEXT NOT NULL,
    tier              TEXT NOT NULL CHECK (tier IN ('platform', 'distributor', 'sub_agent')),
    supplier          TEXT CHECK (length(supplier) BETWEEN 1 AND 16),
    country           TEXT CHECK (length(country) = 2),
    city              TEXT CHECK (length(city) BETWEEN 1 AND 100),
    hotel_id          TEXT CHECK (length(hotel_id) BETWEEN 1 AND 40),
    stay_from         TEXT CHECK (stay_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    stay_to           TEXT CHECK (stay_to GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    kind              TEXT NOT NULL CHECK (kind IN ('percent', 'fixed')),
    percent_bp        INTEGER NOT NULL DEFAULT 0 CHECK (percent_bp BETWEEN -10000 AND 100000),
    fixed_amount      INTEGER,
    fixed_currency    TEXT CHECK (length(fixed_currency) = 3),
    allow_negative    INTEGER NOT NULL DEFAULT 0 CHECK (allow_negative IN (0, 1)),
    status            TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    created_seq       INTEGER NOT NULL UNIQUE,
    created_by        TEXT NOT NULL CHECK (length(created_by) <= 40),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    note              TEXT CHECK (length(note) <= 500),
    CHECK ((kind = 'fixed') = (fixed_amount IS NOT NULL)),
    CHECK ((fixed_amount IS NULL) = (fixed_currency IS NULL)),
    CHECK (stay_from IS NULL OR stay_to IS NULL OR stay_from <= stay_to)
);
CREATE INDEX idx_markup_rules_owner_path ON markup_rules (owner_tenant_path, id);
CREATE INDEX idx_markup_rules_status ON markup_rules (status);

-- Units of `to_currency` per unit of `from_currency`, × 10^10. A pair set in one direction
-- answers the other with the derived inverse (modules/pricing-service/fx.hpp).
CREATE TABLE fx_rates (
    from_currency TEXT NOT NULL CHECK (length(from_currency) = 3),
    to_currency   TEXT NOT NULL CHECK (length(to_currency) = 3),
    rate_e10      INTEGER NOT NULL CHECK (rate_e10 BETWEEN 11 AND 1000000000000000000),
    source        TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 40),
    updated_by    TEXT NOT NULL CHECK (length(updated_by) <= 40),
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (from_currency, to_currency),
    CHECK (from_currency <> to_currency)
);

-- Mid-market rates of early 2026 into the default currency (CNY), enough for a fresh install
-- to price every simulator's currency; operators replace them through PUT /api/v1/fx-rates.
INSERT INTO fx_rates (from_currency, to_currency, rate_e10, source, updated_by, updated_at) VALUES
    ('EUR', 'CNY', 78000000000, 'seed', 'migration', '2026-01-01T00:00:00.000Z'),
    ('USD', 'CNY', 71500000000, 'seed', 'migration', '2026-01-01T00:00:00.000Z'),
    ('GBP', 'CNY', 92000000000, 'seed', 'migration', '2026-01-01T00:00:00.000Z'),
    ('JPY', 'CNY',   470000000, 'seed', 'migration', '2026-01-01T00:00:00.000Z'),
    ('HKD', 'CNY',  9180000000, 'seed', 'migration', '2026-01-01T00:00:00.000Z'),
    ('CHF', 'CNY', 83500000000, 'seed', 'migration', '2026-01-01T00:00:00.000Z'),
    ('AUD', 'CNY', 46500000000, 'seed', 'migration', '2026-01-01T00:00:00.000Z'),
    ('AED', 'CNY', 19470000000, 'seed', 'migration', '2026-01-01T00:00:00.000Z'),
    ('SGD', 'CNY', 53500000000, 'seed', 'migration', '2026-01-01T00:00:00.000Z'),
    ('THB', 'CNY',  2080000000, 'seed', 'migration', '2026-01-01T00:00:00.000Z'),
    ('KRW', 'CNY',    49000000, 'seed', 'migration', '2026-01-01T00:00:00.000Z'),
    ('EUR', 'USD', 10900000000, 'seed', 'migration', '2026-01-01T00:00:00.000Z'),
    ('EUR', 'GBP',  8480000000, 'seed', 'migration', '2026-01-01T00:00:00.000Z'),
    ('GBP', 'USD', 12870000000, 'seed', 'migration', '2026-01-01T00:00:00.000Z');

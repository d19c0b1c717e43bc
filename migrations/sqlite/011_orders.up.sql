-- Quotes and orders (order-service, issue 5 §3). Mirrors migrations/postgres: stay dates are
-- 'YYYY-MM-DD' text, instants ISO 8601 UTC text ending in 'Z' written by the application, money
-- integer minor units beside its currency, JSON documents as text. offer_json keeps what the
-- supplier needs again (supplier, hotel code, rate token, rooms, net): never shown to agents.
CREATE TABLE quotes (
    id                   TEXT PRIMARY KEY CHECK (length(id) <= 40),
    tenant_id            TEXT NOT NULL,
    tenant_path          TEXT NOT NULL,
    created_by           TEXT NOT NULL,
    offer_json           TEXT NOT NULL,
    master_hotel_id      TEXT NOT NULL,
    hotel_name           TEXT,
    status               TEXT NOT NULL CHECK (status IN ('available', 'price_changed', 'sold_out')),
    price_minor          INTEGER NOT NULL CHECK (price_minor >= 0),
    currency             TEXT NOT NULL CHECK (length(currency) = 3),
    previous_price_minor INTEGER,
    net_minor            INTEGER NOT NULL CHECK (net_minor >= 0),
    net_currency         TEXT NOT NULL CHECK (length(net_currency) = 3),
    breakdown_json       TEXT NOT NULL,
    cancellation_json    TEXT NOT NULL,
    refundable           INTEGER NOT NULL CHECK (refundable IN (0, 1)),
    expires_at           TEXT NOT NULL,
    created_at           TEXT NOT NULL
);
CREATE INDEX idx_quotes_tenant ON quotes (tenant_id, created_at);

CREATE TABLE orders (
    id                         TEXT PRIMARY KEY CHECK (length(id) <= 40),
    tenant_id                  TEXT NOT NULL,
    tenant_path                TEXT NOT NULL,
    quote_id                   TEXT NOT NULL REFERENCES quotes (id),
    client_reference           TEXT NOT NULL CHECK (length(client_reference) BETWEEN 1 AND 64),
    supplier_reference_key     TEXT NOT NULL UNIQUE
                               CHECK (length(supplier_reference_key) <= 28
                                      AND supplier_reference_key NOT GLOB '*[^A-Za-z0-9_-]*'),
    supplier                   TEXT NOT NULL,
    hotel_code                 TEXT NOT NULL,
    master_hotel_id            TEXT NOT NULL,
    hotel_name                 TEXT,
    check_in                   TEXT NOT NULL CHECK (check_in GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    check_out                  TEXT NOT NULL CHECK (check_out GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    rooms_json                 TEXT NOT NULL,
    guests_json                TEXT NOT NULL,
    contact_json               TEXT NOT NULL,
    lead_guest                 TEXT NOT NULL,
    remark                     TEXT,
    room_name                  TEXT NOT NULL DEFAULT '',
    board                      TEXT NOT NULL DEFAULT '',
    status                     TEXT NOT NULL CHECK (status IN ('PENDING', 'PENDING_REVIEW', 'REJECTED', 'BOOKING',
                                   'CONFIRMED', 'FAILED', 'ON_REQUEST', 'CANCELLING', 'CANCELLED', 'EXPIRED', 'COMPLETED')),
    status_reason              TEXT,
    price_minor                INTEGER NOT NULL CHECK (price_minor >= 0),
    currency                   TEXT NOT NULL CHECK (length(currency) = 3),
    net_minor                  INTEGER NOT NULL CHECK (net_minor >= 0),
    net_currency               TEXT NOT NULL CHECK (length(net_currency) = 3),
    breakdown_json             TEXT NOT NULL,
    credit_json                TEXT NOT NULL,
    cancellation_json          TEXT NOT NULL,
    refundable                 INTEGER NOT NULL CHECK (refundable IN (0, 1)),
    supplier_booking_reference TEXT,
    risk_score                 INTEGER NOT NULL DEFAULT 0 CHECK (risk_score BETWEEN 0 AND 100),
    risk_reasons_json          TEXT NOT NULL DEFAULT '[]',
    reviewed_by                TEXT,
    reviewed_at                TEXT,
    cancel_penalty_minor       INTEGER,
    refunded_minor             INTEGER,
    expires_at                 TEXT NOT NULL,
    created_by                 TEXT NOT NULL,
    created_at                 TEXT NOT NULL,
    updated_at                 TEXT NOT NULL,
    version                    INTEGER NOT NULL DEFAULT 1,
    UNIQUE (tenant_id, client_reference)
);
-- Lists (newest first inside a subtree, by status), and the pollers (status + age).
CREATE INDEX idx_orders_path ON orders (tenant_path, id);
CREATE INDEX idx_orders_status ON orders (status, updated_at);
CREATE INDEX idx_orders_tenant_created ON orders (tenant_id, created_at);
CREATE INDEX idx_orders_hotel ON orders (master_hotel_id, check_in);

CREATE TABLE order_transitions (
    order_id    TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL CHECK (seq >= 1),
    from_status TEXT,
    to_status   TEXT NOT NULL,
    actor       TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL,
    PRIMARY KEY (order_id, seq)
);

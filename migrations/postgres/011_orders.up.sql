-- Quotes and orders (order-service, issue 5 §3). Money is integer minor units beside its
-- currency, JSON documents are TEXT written and read whole by the application (never queried
-- inside), instants TIMESTAMPTZ, stay dates DATE. offer_json keeps what the supplier needs
-- again (supplier, hotel code, rate token, rooms, net): never shown to agents.
CREATE TABLE quotes (
    id                   VARCHAR(40) COLLATE "C" PRIMARY KEY,
    tenant_id            VARCHAR(40) COLLATE "C" NOT NULL,
    tenant_path          TEXT COLLATE "C" NOT NULL,
    created_by           VARCHAR(64) NOT NULL,
    offer_json           TEXT NOT NULL,
    master_hotel_id      VARCHAR(40) COLLATE "C" NOT NULL,
    hotel_name           VARCHAR(300),
    status               VARCHAR(16) NOT NULL CHECK (status IN ('available', 'price_changed', 'sold_out')),
    price_minor          BIGINT NOT NULL CHECK (price_minor >= 0),
    currency             CHAR(3) NOT NULL,
    previous_price_minor BIGINT,
    net_minor            BIGINT NOT NULL CHECK (net_minor >= 0),
    net_currency         CHAR(3) NOT NULL,
    breakdown_json       TEXT NOT NULL,
    cancellation_json    TEXT NOT NULL,
    refundable           BOOLEAN NOT NULL,
    expires_at           TIMESTAMPTZ NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_quotes_tenant ON quotes (tenant_id, created_at);

CREATE TABLE orders (
    id                         VARCHAR(40) COLLATE "C" PRIMARY KEY,
    tenant_id                  VARCHAR(40) COLLATE "C" NOT NULL,
    tenant_path                TEXT COLLATE "C" NOT NULL,
    quote_id                   VARCHAR(40) COLLATE "C" NOT NULL REFERENCES quotes (id),
    client_reference           VARCHAR(64) COLLATE "C" NOT NULL CHECK (length(client_reference) >= 1),
    supplier_reference_key     VARCHAR(28) COLLATE "C" NOT NULL UNIQUE CHECK (supplier_reference_key ~ '^[A-Za-z0-9_-]{1,28}$'),
    supplier                   VARCHAR(16) COLLATE "C" NOT NULL,
    hotel_code                 VARCHAR(64) COLLATE "C" NOT NULL,
    master_hotel_id            VARCHAR(40) COLLATE "C" NOT NULL,
    hotel_name                 VARCHAR(300),
    check_in                   DATE NOT NULL,
    check_out                  DATE NOT NULL,
    rooms_json                 TEXT NOT NULL,
    guests_json                TEXT NOT NULL,
    contact_json               TEXT NOT NULL,
    lead_guest                 VARCHAR(200) NOT NULL,
    remark                     TEXT,
    room_name                  VARCHAR(300) NOT NULL DEFAULT '',
    board                      VARCHAR(4) NOT NULL DEFAULT '',
    status                     VARCHAR(16) NOT NULL CHECK (status IN ('PENDING', 'PENDING_REVIEW', 'REJECTED', 'BOOKING',
                                   'CONFIRMED', 'FAILED', 'ON_REQUEST', 'CANCELLING', 'CANCELLED', 'EXPIRED', 'COMPLETED')),
    status_reason              TEXT,
    price_minor                BIGINT NOT NULL CHECK (price_minor >= 0),
    currency                   CHAR(3) NOT NULL,
    net_minor                  BIGINT NOT NULL CHECK (net_minor >= 0),
    net_currency               CHAR(3) NOT NULL,
    breakdown_json             TEXT NOT NULL,
    credit_json                TEXT NOT NULL,
    cancellation_json          TEXT NOT NULL,
    refundable                 BOOLEAN NOT NULL,
    supplier_booking_reference VARCHAR(100),
    risk_score                 INTEGER NOT NULL DEFAULT 0 CHECK (risk_score BETWEEN 0 AND 100),
    risk_reasons_json          TEXT NOT NULL DEFAULT '[]',
    reviewed_by                VARCHAR(64),
    reviewed_at                TIMESTAMPTZ,
    cancel_penalty_minor       BIGINT,
    refunded_minor             BIGINT,
    expires_at                 TIMESTAMPTZ NOT NULL,
    created_by                 VARCHAR(64) NOT NULL,
    created_at                 TIMESTAMPTZ NOT NULL,
    updated_at                 TIMESTAMPTZ NOT NULL,
    version                    BIGINT NOT NULL DEFAULT 1,
    UNIQUE (tenant_id, client_reference)
);
-- Lists (newest first inside a subtree, by status), and the pollers (status + age).
CREATE INDEX idx_orders_path ON orders (tenant_path, id);
CREATE INDEX idx_orders_status ON orders (status, updated_at);
CREATE INDEX idx_orders_tenant_created ON orders (tenant_id, created_at);
CREATE INDEX idx_orders_hotel ON orders (master_hotel_id, check_in);

CREATE TABLE order_transitions (
    order_id    VARCHAR(40) COLLATE "C" NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL CHECK (seq >= 1),
    from_status VARCHAR(16),
    to_status   VARCHAR(16) NOT NULL,
    actor       VARCHAR(64) NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    at          TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (order_id, seq)
);

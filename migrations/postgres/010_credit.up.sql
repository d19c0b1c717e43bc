-- Credit (risk-service): one account per tenant and currency, every movement as an entry, and
-- the holds of orders. Money is BIGINT minor units of the account currency.
-- available = balance + limit - held; the application's guarded UPDATEs keep it >= 0 for
-- holds under READ COMMITTED, the CHECKs below keep what no statement may ever break.
CREATE TABLE credit_accounts (
    id            VARCHAR(40) COLLATE "C" PRIMARY KEY,
    tenant_id     VARCHAR(40) COLLATE "C" NOT NULL REFERENCES tenants (id),
    currency      CHAR(3) NOT NULL,
    limit_minor   BIGINT NOT NULL CHECK (limit_minor >= 0),
    balance_minor BIGINT NOT NULL DEFAULT 0,
    held_minor    BIGINT NOT NULL DEFAULT 0 CHECK (held_minor >= 0),
    status        VARCHAR(10) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'frozen')),
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (tenant_id, currency)
);

CREATE TABLE credit_entries (
    id            VARCHAR(40) COLLATE "C" PRIMARY KEY,
    account_id    VARCHAR(40) COLLATE "C" NOT NULL REFERENCES credit_accounts (id),
    kind          VARCHAR(20) NOT NULL
                  CHECK (kind IN ('deposit', 'adjustment', 'hold', 'release', 'charge', 'refund', 'limit_change')),
    amount_minor  BIGINT NOT NULL,
    balance_after BIGINT NOT NULL,
    held_after    BIGINT NOT NULL,
    order_id      VARCHAR(40) COLLATE "C",
    reference     VARCHAR(200) COLLATE "C" CHECK (length(reference) >= 1),
    note          VARCHAR(1000) NOT NULL DEFAULT '',
    actor         VARCHAR(60) NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
-- A reference (deposit slip, refund key) moves an account once per kind.
CREATE UNIQUE INDEX uq_credit_entries_reference ON credit_entries (account_id, kind, reference)
    WHERE reference IS NOT NULL;
CREATE INDEX idx_credit_entries_account ON credit_entries (account_id, id);
CREATE INDEX idx_credit_entries_order ON credit_entries (order_id) WHERE order_id IS NOT NULL;

CREATE TABLE credit_holds (
    order_id       VARCHAR(40) COLLATE "C" NOT NULL,
    account_id     VARCHAR(40) COLLATE "C" NOT NULL REFERENCES credit_accounts (id),
    tenant_id      VARCHAR(40) COLLATE "C" NOT NULL REFERENCES tenants (id),
    amount_minor   BIGINT NOT NULL CHECK (amount_minor > 0),
    currency       CHAR(3) NOT NULL,
    state          VARCHAR(10) NOT NULL DEFAULT 'held' CHECK (state IN ('held', 'captured', 'released')),
    refunded_minor BIGINT NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0 AND refunded_minor <= amount_minor),
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (order_id, account_id),
    CHECK (refunded_minor = 0 OR state = 'captured')
);
CREATE INDEX idx_credit_holds_account ON credit_holds (account_id, state);

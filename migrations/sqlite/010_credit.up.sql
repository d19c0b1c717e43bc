-- Credit (risk-service): one account per tenant and currency, every movement as an entry, and
-- the holds of orders. Mirrors migrations/postgres: timestamps are ISO 8601 UTC text ending
-- in 'Z', written by the application; money is integer minor units of the account currency.
-- available = balance + limit - held; the application's guarded UPDATEs keep it >= 0 for
-- holds, the CHECKs below keep what no statement may ever break.
CREATE TABLE credit_accounts (
    id            TEXT PRIMARY KEY CHECK (length(id) <= 40),
    tenant_id     TEXT NOT NULL REFERENCES tenants (id),
    currency      TEXT NOT NULL CHECK (length(currency) = 3),
    limit_minor   INTEGER NOT NULL CHECK (limit_minor >= 0),
    balance_minor INTEGER NOT NULL DEFAULT 0,
    held_minor    INTEGER NOT NULL DEFAULT 0 CHECK (held_minor >= 0),
    status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'frozen')),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (tenant_id, currency)
);

CREATE TABLE credit_entries (
    id            TEXT PRIMARY KEY CHECK (length(id) <= 40),
    account_id    TEXT NOT NULL REFERENCES credit_accounts (id),
    kind          TEXT NOT NULL
                  CHECK (kind IN ('deposit', 'adjustment', 'hold', 'release', 'charge', 'refund', 'limit_change')),
    amount_minor  INTEGER NOT NULL,
    balance_after INTEGER NOT NULL,
    held_after    INTEGER NOT NULL,
    order_id      TEXT CHECK (length(order_id) <= 40),
    reference     TEXT CHECK (length(reference) BETWEEN 1 AND 200),
    note          TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    actor         TEXT NOT NULL CHECK (length(actor) <= 60),
    created_at    TEXT NOT NULL
);
-- A reference (deposit slip, refund key) moves an account once per kind.
CREATE UNIQUE INDEX uq_credit_entries_reference ON credit_entries (account_id, kind, reference)
    WHERE reference IS NOT NULL;
CREATE INDEX idx_credit_entries_account ON credit_entries (account_id, id);
CREATE INDEX idx_credit_entries_order ON credit_entries (order_id) WHERE order_id IS NOT NULL;

CREATE TABLE credit_holds (
    order_id       TEXT NOT NULL CHECK (length(order_id) <= 40),
    account_id     TEXT NOT NULL REFERENCES credit_accounts (id),
    tenant_id      TEXT NOT NULL REFERENCES tenants (id),
    amount_minor   INTEGER NOT NULL CHECK (amount_minor > 0),
    currency       TEXT NOT NULL CHECK (length(currency) = 3),
    state          TEXT NOT NULL DEFAULT 'held' CHECK (state IN ('held', 'captured', 'released')),
    refunded_minor INTEGER NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0 AND refunded_minor <= amount_minor),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (order_id, account_id),
    CHECK (refunded_minor = 0 OR state = 'captured')
);
CREATE INDEX idx_credit_holds_account ON credit_holds (account_id, state);

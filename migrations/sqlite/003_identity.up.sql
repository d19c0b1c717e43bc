-- Identity: the tenant hierarchy (platform -> distributors -> sub-agents), users, API keys.
-- Mirrors migrations/postgres: timestamps are ISO 8601 UTC text ending in 'Z', written by
-- the application. `path` ("/tnt_platform/tnt_a/") is compared bytewise (BINARY collation)
-- so that a subtree is the range [path, path with its last '/' replaced by '0').
CREATE TABLE tenants (
    id            TEXT PRIMARY KEY CHECK (length(id) <= 40),
    parent_id     TEXT REFERENCES tenants (id),
    kind          TEXT NOT NULL CHECK (kind IN ('platform', 'distributor', 'subagent')),
    name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    currency      TEXT NOT NULL CHECK (length(currency) = 3),
    contact_name  TEXT CHECK (length(contact_name) <= 200),
    contact_email TEXT CHECK (length(contact_email) <= 254),
    contact_phone TEXT CHECK (length(contact_phone) <= 32),
    path          TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK ((kind = 'platform') = (parent_id IS NULL)),
    UNIQUE (parent_id, name)
);
CREATE INDEX idx_tenants_status ON tenants (status);

CREATE TABLE users (
    id            TEXT PRIMARY KEY CHECK (length(id) <= 40),
    tenant_id     TEXT NOT NULL REFERENCES tenants (id),
    email         TEXT NOT NULL UNIQUE CHECK (length(email) <= 254),
    name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role          TEXT NOT NULL CHECK (role IN ('platform_admin', 'platform_ops', 'distributor_admin', 'agent', 'finance')),
    status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    password_hash TEXT NOT NULL,
    last_login_at TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX idx_users_tenant ON users (tenant_id, id);

CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY CHECK (length(id) <= 40),
    tenant_id    TEXT NOT NULL REFERENCES tenants (id),
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role         TEXT NOT NULL CHECK (role IN ('platform_admin', 'platform_ops', 'distributor_admin', 'agent', 'finance')),
    prefix       TEXT NOT NULL CHECK (length(prefix) <= 20),
    key_hash     TEXT NOT NULL UNIQUE CHECK (length(key_hash) = 64),
    created_by   TEXT NOT NULL CHECK (length(created_by) <= 40),
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);
CREATE INDEX idx_api_keys_tenant ON api_keys (tenant_id, id);

INSERT INTO tenants (id, parent_id, kind, name, status, currency, path, created_at, updated_at)
VALUES ('tnt_platform', NULL, 'platform', 'Platform', 'active', 'CNY', '/tnt_platform/',
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

-- Identity: the tenant hierarchy (platform -> distributors -> sub-agents), users, API keys.
-- Ids and paths use the "C" collation: a subtree is the byte range [path, path with its last
-- '/' replaced by '0'), which a locale collation (ignoring punctuation) would break.
CREATE TABLE tenants (
    id            VARCHAR(40) COLLATE "C" PRIMARY KEY,
    parent_id     VARCHAR(40) COLLATE "C" REFERENCES tenants (id),
    kind          VARCHAR(20) NOT NULL CHECK (kind IN ('platform', 'distributor', 'subagent')),
    name          VARCHAR(200) NOT NULL CHECK (length(name) >= 1),
    status        VARCHAR(20) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    currency      CHAR(3) NOT NULL,
    contact_name  VARCHAR(200),
    contact_email VARCHAR(254),
    contact_phone VARCHAR(32),
    path          TEXT COLLATE "C" NOT NULL UNIQUE,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    CHECK ((kind = 'platform') = (parent_id IS NULL)),
    UNIQUE (parent_id, name)
);
CREATE INDEX idx_tenants_status ON tenants (status);

CREATE TABLE users (
    id            VARCHAR(40) COLLATE "C" PRIMARY KEY,
    tenant_id     VARCHAR(40) COLLATE "C" NOT NULL REFERENCES tenants (id),
    email         VARCHAR(254) NOT NULL UNIQUE,
    name          VARCHAR(200) NOT NULL CHECK (length(name) >= 1),
    role          VARCHAR(30) NOT NULL CHECK (role IN ('platform_admin', 'platform_ops', 'distributor_admin', 'agent', 'finance')),
    status        VARCHAR(20) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    password_hash TEXT NOT NULL,
    last_login_at TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_users_tenant ON users (tenant_id, id);

CREATE TABLE api_keys (
    id           VARCHAR(40) COLLATE "C" PRIMARY KEY,
    tenant_id    VARCHAR(40) COLLATE "C" NOT NULL REFERENCES tenants (id),
    name         VARCHAR(200) NOT NULL CHECK (length(name) >= 1),
    role         VARCHAR(30) NOT NULL CHECK (role IN ('platform_admin', 'platform_ops', 'distributor_admin', 'agent', 'finance')),
    prefix       VARCHAR(20) NOT NULL,
    key_hash     CHAR(64) NOT NULL UNIQUE,
    created_by   VARCHAR(40) NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX idx_api_keys_tenant ON api_keys (tenant_id, id);

INSERT INTO tenants (id, parent_id, kind, name, status, currency, path, created_at, updated_at)
VALUES ('tnt_platform', NULL, 'platform', 'Platform', 'active', 'CNY', '/tnt_platform/', now(), now());

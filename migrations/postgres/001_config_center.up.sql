-- Configuration center and feature flags (seed §5), plus an audit trail of their changes.
CREATE TABLE platform_config (
    id          SERIAL PRIMARY KEY,
    key         VARCHAR(255) NOT NULL UNIQUE,
    value       JSONB NOT NULL,
    env         VARCHAR(20) NOT NULL DEFAULT 'default',
    description TEXT,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_by  VARCHAR(100)
);
CREATE INDEX idx_config_env_key ON platform_config (env, key);

CREATE TABLE feature_flags (
    id          SERIAL PRIMARY KEY,
    name        VARCHAR(100) NOT NULL UNIQUE,
    enabled     BOOLEAN NOT NULL DEFAULT false,
    rollout_pct INTEGER NOT NULL DEFAULT 100 CHECK (rollout_pct BETWEEN 0 AND 100),
    whitelist   TEXT[] NOT NULL DEFAULT '{}',
    description TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_by  VARCHAR(100)
);

CREATE TABLE config_audit (
    id        BIGSERIAL PRIMARY KEY,
    at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor     VARCHAR(100) NOT NULL,
    kind      VARCHAR(10) NOT NULL CHECK (kind IN ('config', 'flag')),
    name      VARCHAR(255) NOT NULL,
    old_value JSONB,
    new_value JSONB
);
CREATE INDEX idx_config_audit_name ON config_audit (kind, name, at);
CREATE INDEX idx_config_audit_at ON config_audit (at);

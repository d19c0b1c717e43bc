-- Configuration center and feature flags (seed §5), plus an audit trail of their changes.
-- Mirrors migrations/postgres: JSONB and TEXT[] become JSON text checked by json_valid,
-- VARCHAR(n) limits become CHECKs, timestamps are ISO 8601 UTC text ending in 'Z'.
CREATE TABLE platform_config (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE CHECK (length(key) <= 255),
    value       TEXT NOT NULL CHECK (json_valid(value)),
    env         TEXT NOT NULL DEFAULT 'default' CHECK (length(env) <= 20),
    description TEXT,
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_by  TEXT CHECK (length(updated_by) <= 100)
);
CREATE INDEX idx_config_env_key ON platform_config (env, key);

CREATE TABLE feature_flags (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (length(name) <= 100),
    enabled     BOOLEAN NOT NULL DEFAULT false CHECK (enabled IN (0, 1)),
    rollout_pct INTEGER NOT NULL DEFAULT 100 CHECK (rollout_pct BETWEEN 0 AND 100),
    whitelist   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(whitelist) AND json_type(whitelist) = 'array'),
    description TEXT,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_by  TEXT CHECK (length(updated_by) <= 100)
);

CREATE TABLE config_audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    actor     TEXT NOT NULL CHECK (length(actor) <= 100),
    kind      TEXT NOT NULL CHECK (kind IN ('config', 'flag')),
    name      TEXT NOT NULL CHECK (length(name) <= 255),
    old_value TEXT CHECK (old_value IS NULL OR json_valid(old_value)),
    new_value TEXT CHECK (new_value IS NULL OR json_valid(new_value))
);
CREATE INDEX idx_config_audit_name ON config_audit (kind, name, at);
CREATE INDEX idx_config_audit_at ON config_audit (at);

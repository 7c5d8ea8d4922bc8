-- API keys of tenants (machine clients). The secret is never stored, only its SHA-256 (events name the key, not the
-- secret). Written in the transaction of the command that issues or revokes the key, so the table and the event
-- stream never disagree; both services authenticate from it (the query side through the read-only audit role),
-- so a revocation takes effect on both at its commit.
CREATE TABLE api_key (
    key_id      uuid PRIMARY KEY,
    tenant_id   uuid        NOT NULL,
    secret_hash bytea       NOT NULL UNIQUE CHECK (length(secret_hash) = 32),
    shown       text        NOT NULL,
    name        text        NOT NULL,
    scopes      text[]      NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text        NOT NULL,
    revoked_at  timestamptz,
    revoked_by  text
);
CREATE INDEX api_key_tenant ON api_key (tenant_id, created_at);

GRANT SELECT, INSERT, UPDATE ON api_key TO ${command_role};
GRANT SELECT ON api_key TO ${audit_role};

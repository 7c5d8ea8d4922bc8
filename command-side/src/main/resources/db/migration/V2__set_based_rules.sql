-- Rules that span tenants or calls, written in the same transaction as the events they guard.

-- a slug belongs to at most one tenant
CREATE TABLE tenant_slug (
    slug      VARCHAR(63) PRIMARY KEY,
    tenant_id UUID        NOT NULL
);
CREATE INDEX tenant_slug_tenant ON tenant_slug (tenant_id);

-- usage calls made with an Idempotency-Key, per tenant, kept at least hackops.idempotency.retention
CREATE TABLE usage_idempotency_key (
    tenant_id       UUID         NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    request_hash    CHAR(64)     NOT NULL,
    receipt         TEXT,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, idempotency_key)
);
CREATE INDEX usage_idempotency_key_created ON usage_idempotency_key (created_at);

GRANT SELECT, INSERT, DELETE ON tenant_slug TO ${command_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON usage_idempotency_key TO ${command_role};

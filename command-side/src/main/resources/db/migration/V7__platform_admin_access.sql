-- Requests of platform admins that concern a tenant (package command.adminaccess): written before the request is
-- handled, so refused attempts are recorded too; the answer's status is added when it is known. The tenant's OWNERs
-- read their rows through the query side (GET /api/v1/tenants/{tenantId}/platform-admin-access, role ${audit_role}).
-- The service may add rows and set their status, never change or remove what was recorded.
CREATE TABLE platform_admin_access (
    id        UUID         PRIMARY KEY,
    -- the tenant the path names, or one an import created or found; NULL only for an import's own row, written
    -- before the tenants its file names are known (each of them gets a row of its own when the import ends)
    tenant_id UUID,
    -- the token's subject
    admin     VARCHAR(255) NOT NULL,
    at        TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    service   VARCHAR(16)  NOT NULL DEFAULT 'command' CHECK (service = 'command'),
    method    VARCHAR(16)  NOT NULL,
    -- the request's path, never its query string
    path      TEXT         NOT NULL,
    -- the answer's HTTP status; NULL while the request runs (or when the service stopped before it answered)
    status    SMALLINT
);
CREATE INDEX platform_admin_access_tenant ON platform_admin_access (tenant_id, at DESC);

GRANT SELECT, INSERT ON platform_admin_access TO ${command_role};
GRANT UPDATE (status) ON platform_admin_access TO ${command_role};
GRANT SELECT ON platform_admin_access TO ${audit_role};

-- Reads of platform admins (package query.adminaccess): each request of a platform admin to the query API is recorded
-- before it is handled, its answer's status when it ends. The tenant's OWNERs list these rows, with the command
-- side's, at GET /api/v1/tenants/{tenantId}/platform-admin-access. In public, outside the read-model generations:
-- the rows are not derived from events, a rebuild must not touch them.
--
-- tenant_id is the tenant the path names; NULL marks a read across every tenant (the list of all tenants, the admin
-- endpoints), which concerns every tenant: every tenant's transactions see those rows (policy every_tenant_read).
-- Only the logged platform-admin path may write them (every_tenant_record); tenant rows only with their tenant bound
-- (tenant_isolation, with WITH CHECK as everywhere). Since tenant_id may be NULL the primary key is the id alone; the
-- index the reads use leads with tenant_id. The service may add rows and set their status, never change or remove
-- what was recorded.
CREATE TABLE public.platform_admin_access (
    id        UUID         PRIMARY KEY,
    tenant_id UUID,
    -- the token's subject
    admin     VARCHAR(255) NOT NULL,
    at        TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    service   VARCHAR(16)  NOT NULL DEFAULT 'query' CHECK (service = 'query'),
    method    VARCHAR(16)  NOT NULL,
    -- the request's path, never its query string (the live stream may carry the token there)
    path      TEXT         NOT NULL,
    -- the answer's HTTP status; NULL while the request runs (or when the service stopped before it answered)
    status    SMALLINT
);
CREATE INDEX platform_admin_access_tenant ON public.platform_admin_access (tenant_id, at DESC);

ALTER TABLE public.platform_admin_access ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.platform_admin_access FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON public.platform_admin_access
    USING (tenant_id = public.app_tenant()) WITH CHECK (tenant_id = public.app_tenant());
CREATE POLICY platform_admin_read ON public.platform_admin_access FOR SELECT USING (public.app_platform_admin());
CREATE POLICY every_tenant_read ON public.platform_admin_access FOR SELECT
    USING (tenant_id IS NULL AND public.app_tenant() IS NOT NULL);
CREATE POLICY every_tenant_record ON public.platform_admin_access
    USING (tenant_id IS NULL AND public.app_platform_admin()) WITH CHECK (tenant_id IS NULL AND public.app_platform_admin());

GRANT SELECT, INSERT ON public.platform_admin_access TO ${query_role};
GRANT UPDATE (status) ON public.platform_admin_access TO ${query_role};

-- Read models of the query side. Runs as the owner role; the service connects as ${query_role}
-- (NOSUPERUSER, NOBYPASSRLS, owns nothing), so row-level security binds it. Every table:
--   * has tenant_id leading its primary key and indexes;
--   * ENABLE + FORCE ROW LEVEL SECURITY (FORCE binds the owner too);
--   * policy tenant_isolation: rows of the tenant set for the transaction, for reads and writes (USING + WITH CHECK);
--   * policy platform_admin_read: reads of every tenant, only when the explicit platform-admin path set
--     app.platform_admin for the transaction (the application logs each use).
-- With no tenant set nothing matches: NULLIF turns the unset/empty setting into NULL, and NULL = x is never true.

CREATE FUNCTION app_tenant() RETURNS uuid LANGUAGE sql STABLE
    AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;
CREATE FUNCTION app_user() RETURNS text LANGUAGE sql STABLE
    AS $$ SELECT NULLIF(current_setting('app.user_id', true), '') $$;
CREATE FUNCTION app_platform_admin() RETURNS boolean LANGUAGE sql STABLE
    AS $$ SELECT coalesce(current_setting('app.platform_admin', true), '') = 'on' $$;

CREATE TABLE tenant_summary (
    tenant_id  UUID         PRIMARY KEY,
    name       VARCHAR(120) NOT NULL,
    slug       VARCHAR(63)  NOT NULL,
    status     VARCHAR(16)  NOT NULL,
    plan       VARCHAR(16)  NOT NULL,
    features   TEXT[]       NOT NULL,
    created_by VARCHAR(255) NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL,
    updated_at TIMESTAMPTZ  NOT NULL
);
CREATE INDEX tenant_summary_tenant_plan_status ON tenant_summary (tenant_id, plan, status);

CREATE TABLE tenant_member (
    tenant_id UUID         NOT NULL,
    user_id   VARCHAR(255) NOT NULL,
    email     VARCHAR(320),
    role      VARCHAR(16)  NOT NULL,
    added_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);
-- "my tenants": the caller's own membership rows, across tenants (see policy own_memberships)
CREATE INDEX tenant_member_tenant_user ON tenant_member (tenant_id, user_id) INCLUDE (role);
CREATE INDEX tenant_member_user ON tenant_member (user_id, tenant_id);

CREATE TABLE tenant_usage (
    tenant_id   UUID        NOT NULL,
    metric      VARCHAR(16) NOT NULL,
    used        BIGINT      NOT NULL,
    usage_limit BIGINT      NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, metric)
);

-- hourly buckets by the hour the usage occurred in; closing_used is the value after the bucket's last change
CREATE TABLE usage_hourly (
    tenant_id    UUID        NOT NULL,
    metric       VARCHAR(16) NOT NULL,
    hour         TIMESTAMPTZ NOT NULL,
    increments   BIGINT      NOT NULL,
    decrements   BIGINT      NOT NULL,
    changes      INTEGER     NOT NULL,
    closing_used BIGINT      NOT NULL,
    peak_used    BIGINT      NOT NULL,
    PRIMARY KEY (tenant_id, metric, hour)
);

CREATE TABLE plan_history (
    tenant_id     UUID         NOT NULL,
    sequence      BIGINT       NOT NULL,
    plan          VARCHAR(16)  NOT NULL,
    previous_plan VARCHAR(16),
    limits        JSONB        NOT NULL,
    features      TEXT[]       NOT NULL,
    over_limit    TEXT[]       NOT NULL,
    changed_by    VARCHAR(255) NOT NULL,
    changed_at    TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (tenant_id, sequence)
);

-- 80 % / 100 % crossings and over-limit entries and exits, for dashboards and notifications
CREATE TABLE usage_alert (
    tenant_id   UUID        NOT NULL,
    sequence    BIGINT      NOT NULL,
    metric      VARCHAR(16) NOT NULL,
    kind        VARCHAR(24) NOT NULL,
    used        BIGINT      NOT NULL,
    usage_limit BIGINT      NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, sequence, metric, kind)
);

-- what each tenant's projections have applied: the effectively-once guard, and the version readers wait for
CREATE TABLE projection_stream (
    tenant_id     UUID        PRIMARY KEY,
    last_sequence BIGINT      NOT NULL,
    last_position BIGINT      NOT NULL,
    -- true while an event of this tenant is parked: its later events are parked behind it, in order
    parked        BOOLEAN     NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

-- events a projection could not apply after its retries; the tenant's later events wait behind them
CREATE TABLE parked_event (
    tenant_id     UUID         NOT NULL,
    sequence      BIGINT       NOT NULL,
    event_id      VARCHAR(64)  NOT NULL,
    event_type    VARCHAR(255) NOT NULL,
    position      BIGINT       NOT NULL,
    occurred_at   TIMESTAMPTZ  NOT NULL,
    payload       TEXT         NOT NULL,
    error         TEXT         NOT NULL,
    attempts      INTEGER      NOT NULL,
    parked_at     TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (tenant_id, sequence)
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['tenant_summary', 'tenant_member', 'tenant_usage', 'usage_hourly', 'plan_history',
                             'usage_alert', 'projection_stream', 'parked_event'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant())', t);
        EXECUTE format('CREATE POLICY platform_admin_read ON %I FOR SELECT USING (app_platform_admin())', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO ${query_role}', t);
    END LOOP;
END
$$;

-- a user may list their own memberships (and nothing else) without a tenant set: the entry point of "my tenants"
CREATE POLICY own_memberships ON tenant_member FOR SELECT USING (user_id = app_user());

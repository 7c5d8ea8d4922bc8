-- Read models of the query side. Runs as the owner role; the service connects as ${query_role}
-- (NOSUPERUSER, NOBYPASSRLS, owns nothing), so row-level security binds it. Every table:
--   * has tenant_id leading its primary key and indexes;
--   * ENABLE + FORCE ROW LEVEL SECURITY (FORCE binds the owner too);
--   * policy tenant_isolation: rows of the tenant set for the transaction, for reads and writes (USING + WITH CHECK);
--   * policy platform_admin_read: reads of every tenant, only when the explicit platform-admin path set
--     app.platform_admin for the transaction (the application logs each use).
-- With no tenant set nothing matches: NULLIF turns the unset/empty setting into NULL, and NULL = x is never true.
--
-- The read models exist twice, in schemas read_blue and read_green (blue/green): one is active and serves reads and
-- the live projections, the other is where a rebuild replays the event store. When the rebuild has caught up it
-- becomes active in one transaction (read_model_generation); every transaction of the service first points its
-- search_path at the active schema (or, for the rebuild, at the one being built).

CREATE FUNCTION app_tenant() RETURNS uuid LANGUAGE sql STABLE
    AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;
CREATE FUNCTION app_user() RETURNS text LANGUAGE sql STABLE
    AS $$ SELECT NULLIF(current_setting('app.user_id', true), '') $$;
CREATE FUNCTION app_platform_admin() RETURNS boolean LANGUAGE sql STABLE
    AS $$ SELECT coalesce(current_setting('app.platform_admin', true), '') = 'on' $$;

CREATE TABLE read_model_generation (
    schema_name VARCHAR(32) PRIMARY KEY,
    active      BOOLEAN     NOT NULL,
    built_at    TIMESTAMPTZ,
    events      BIGINT
);
CREATE UNIQUE INDEX read_model_generation_one_active ON read_model_generation (active) WHERE active;
GRANT SELECT, UPDATE ON read_model_generation TO ${query_role};

CREATE FUNCTION create_read_models(target text) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    t text;
BEGIN
    EXECUTE format('CREATE SCHEMA %I', target);
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO ${query_role}', target);
    EXECUTE format($ddl$
CREATE TABLE %1$I.tenant_summary (
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
CREATE INDEX tenant_summary_tenant_plan_status ON %1$I.tenant_summary (tenant_id, plan, status);

CREATE TABLE %1$I.tenant_member (
    tenant_id UUID         NOT NULL,
    user_id   VARCHAR(255) NOT NULL,
    email     VARCHAR(320),
    role      VARCHAR(16)  NOT NULL,
    added_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);
-- "my tenants": the caller's own membership rows, across tenants (see policy own_memberships)
CREATE INDEX tenant_member_tenant_user ON %1$I.tenant_member (tenant_id, user_id) INCLUDE (role);
CREATE INDEX tenant_member_user ON %1$I.tenant_member (user_id, tenant_id);

CREATE TABLE %1$I.tenant_usage (
    tenant_id   UUID        NOT NULL,
    metric      VARCHAR(16) NOT NULL,
    used        BIGINT      NOT NULL,
    usage_limit BIGINT      NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, metric)
);

-- hourly buckets by the hour the usage occurred in; closing_used is the value after the bucket's last change
CREATE TABLE %1$I.usage_hourly (
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

CREATE TABLE %1$I.plan_history (
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

-- 80 %% / 100 %% crossings and over-limit entries and exits, for dashboards and notifications
CREATE TABLE %1$I.usage_alert (
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
CREATE TABLE %1$I.projection_stream (
    tenant_id     UUID        PRIMARY KEY,
    last_sequence BIGINT      NOT NULL,
    last_position BIGINT      NOT NULL,
    -- true while an event of this tenant is parked: its later events are parked behind it, in order
    parked        BOOLEAN     NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

-- events a projection could not apply after its retries; the tenant's later events wait behind them
CREATE TABLE %1$I.parked_event (
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
    $ddl$, target);
    FOREACH t IN ARRAY ARRAY['tenant_summary', 'tenant_member', 'tenant_usage', 'usage_hourly', 'plan_history',
                             'usage_alert', 'projection_stream', 'parked_event'] LOOP
        EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', target, t);
        EXECUTE format('ALTER TABLE %I.%I FORCE ROW LEVEL SECURITY', target, t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I.%I USING (tenant_id = public.app_tenant()) WITH CHECK (tenant_id = public.app_tenant())', target, t);
        EXECUTE format('CREATE POLICY platform_admin_read ON %I.%I FOR SELECT USING (public.app_platform_admin())', target, t);
        -- TRUNCATE: a rebuild empties the inactive generation before replaying into it (derived data only)
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON %I.%I TO ${query_role}', target, t);
    END LOOP;
    -- a user may list their own memberships (and nothing else) without a tenant set: the entry point of "my tenants"
    EXECUTE format('CREATE POLICY own_memberships ON %I.tenant_member FOR SELECT USING (user_id = public.app_user())', target);
END
$fn$;

SELECT create_read_models('read_blue');
SELECT create_read_models('read_green');
INSERT INTO read_model_generation (schema_name, active) VALUES ('read_blue', true), ('read_green', false);

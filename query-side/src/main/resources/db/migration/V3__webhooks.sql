-- Threshold webhooks (package query.webhooks). Registrations are not derived from events, so these tables live in
-- public, outside the read-model generations: a rebuild neither empties nor refills them, and it never runs the
-- webhook consumer, so it sends nothing. Isolation as for the read models: tenant_id leads every key and index,
-- ENABLE + FORCE row-level security, policy tenant_isolation with USING and WITH CHECK, and platform_admin_read
-- (the sender's periodic look for due deliveries goes through that logged path).

-- endpoints a tenant's OWNERs and ADMINs registered; deleting one only marks it (the delivery log keeps naming it)
CREATE TABLE public.webhook_endpoint (
    tenant_id   UUID          NOT NULL,
    endpoint_id UUID          NOT NULL,
    url         VARCHAR(2048) NOT NULL,
    events      TEXT[]        NOT NULL,
    description VARCHAR(200),
    -- the HMAC-SHA256 key, stored as issued: the sender needs it in clear to sign; it is shown once, at registration
    secret      VARCHAR(100)  NOT NULL,
    created_by  VARCHAR(255)  NOT NULL,
    created_at  TIMESTAMPTZ   NOT NULL,
    deleted_at  TIMESTAMPTZ,
    PRIMARY KEY (tenant_id, endpoint_id)
);

-- the outbox and delivery log: one row per (event, endpoint), written in the transaction that consumed the event
CREATE TABLE public.webhook_delivery (
    tenant_id       UUID        NOT NULL,
    delivery_id     UUID        NOT NULL,
    endpoint_id     UUID        NOT NULL,
    event_id        VARCHAR(64) NOT NULL,
    event_sequence  BIGINT      NOT NULL,
    event_type      VARCHAR(40) NOT NULL,
    payload         TEXT        NOT NULL,
    -- PENDING (next_attempt_at says when), DELIVERED, FAILED (gave up), CANCELLED (endpoint deleted)
    status          VARCHAR(16) NOT NULL,
    attempts        INTEGER     NOT NULL,
    next_attempt_at TIMESTAMPTZ,
    last_attempt_at TIMESTAMPTZ,
    last_status     INTEGER,
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    delivered_at    TIMESTAMPTZ,
    PRIMARY KEY (tenant_id, delivery_id),
    FOREIGN KEY (tenant_id, endpoint_id) REFERENCES public.webhook_endpoint (tenant_id, endpoint_id)
);
CREATE INDEX webhook_delivery_due ON public.webhook_delivery (tenant_id, next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_delivery_log ON public.webhook_delivery (tenant_id, created_at DESC, delivery_id);

-- what the webhook consumer has handled per tenant: its effectively-once guard (like projection_stream)
CREATE TABLE public.webhook_stream (
    tenant_id     UUID        PRIMARY KEY,
    last_sequence BIGINT      NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['webhook_endpoint', 'webhook_delivery', 'webhook_stream'] LOOP
        EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE public.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON public.%I USING (tenant_id = public.app_tenant()) WITH CHECK (tenant_id = public.app_tenant())', t);
        EXECUTE format('CREATE POLICY platform_admin_read ON public.%I FOR SELECT USING (public.app_platform_admin())', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE ON public.%I TO ${query_role}', t);
    END LOOP;
END
$$;

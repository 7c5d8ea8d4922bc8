-- Negotiated overrides, scheduled plan changes and trials, in both read-model generations.
-- tenant_usage keeps the plan's limit and the negotiated one apart; usage_limit stays the effective limit.
-- The backfill runs with FORCE lifted for the moment of the UPDATE (FORCE binds this owner role too).
DO $$
DECLARE
    s text;
BEGIN
    FOREACH s IN ARRAY ARRAY['read_blue', 'read_green'] LOOP
        EXECUTE format('ALTER TABLE %I.tenant_usage ADD COLUMN plan_limit BIGINT, ADD COLUMN override_limit BIGINT', s);
        EXECUTE format('ALTER TABLE %I.tenant_summary ADD COLUMN plan_features TEXT[] NOT NULL DEFAULT ''{}'', '
                       'ADD COLUMN feature_overrides JSONB NOT NULL DEFAULT ''{}'', ADD COLUMN override_reason TEXT, '
                       'ADD COLUMN scheduled_plan VARCHAR(16), ADD COLUMN scheduled_at TIMESTAMPTZ, '
                       'ADD COLUMN trial_plan VARCHAR(16), ADD COLUMN trial_return_plan VARCHAR(16), '
                       'ADD COLUMN trial_ends_at TIMESTAMPTZ', s);
        EXECUTE format('ALTER TABLE %I.tenant_usage NO FORCE ROW LEVEL SECURITY', s);
        EXECUTE format('ALTER TABLE %I.tenant_usage DISABLE ROW LEVEL SECURITY', s);
        EXECUTE format('UPDATE %I.tenant_usage SET plan_limit = usage_limit', s);
        EXECUTE format('ALTER TABLE %I.tenant_usage ENABLE ROW LEVEL SECURITY', s);
        EXECUTE format('ALTER TABLE %I.tenant_usage FORCE ROW LEVEL SECURITY', s);
        EXECUTE format('ALTER TABLE %I.tenant_summary NO FORCE ROW LEVEL SECURITY', s);
        EXECUTE format('ALTER TABLE %I.tenant_summary DISABLE ROW LEVEL SECURITY', s);
        EXECUTE format('UPDATE %I.tenant_summary SET plan_features = features', s);
        EXECUTE format('ALTER TABLE %I.tenant_summary ENABLE ROW LEVEL SECURITY', s);
        EXECUTE format('ALTER TABLE %I.tenant_summary FORCE ROW LEVEL SECURITY', s);
        EXECUTE format('ALTER TABLE %I.tenant_usage ALTER COLUMN plan_limit SET NOT NULL', s);
    END LOOP;
END
$$;

-- The usage path's read-model writes as functions, so that a poll (or a rebuild chunk) of many tenants' usage reports
-- reaches PostgreSQL in one round trip instead of four per tenant (bind, stream, current usage, hourly buckets): under
-- load the read-model database took about half of PostgreSQL's CPU per increment, most of it paid per statement
-- (BENCHMARKS.md, "The projections' statements").
--
-- Isolation is unchanged. Every function is SECURITY INVOKER (the default): it runs as the calling service role,
-- under the same row-level security, and its tables resolve through the caller's search_path — the read-model
-- generation the transaction chose (PostgreSQL replans a function's statements when that path changes). The one
-- function that handles several tenants binds each, exactly as TenantContext binds (app.tenant_id set, the user and
-- the platform-admin path emptied, transaction-local), before it writes that tenant's rows.
--
-- Instants arrive as microseconds since the epoch (numbers: any year PostgreSQL can hold, no text form to parse, see
-- JsonInstants), metrics as Metric names. None of these functions may carry a SET clause: SET search_path would pin
-- one generation, a SET of the app.* settings would widen what it sees (infra/verify-isolation fails on either).

-- An instant given as microseconds since 1970-01-01 UTC, exactly (whole seconds, then the microseconds of the second).
CREATE FUNCTION public.read_model_instant(p_micros bigint) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $fn$
    SELECT to_timestamp(div(p_micros, 1000000)) + mod(p_micros, 1000000) * interval '1 microsecond'
$fn$;

-- Advances the tenant's stream past a run that continues it: true when the row was at p_after and not parked (and now
-- is at p_last), false (nothing changed) otherwise: a redelivery, a gap, a parked or a new tenant.
CREATE FUNCTION public.read_model_advance_stream(p_tenant uuid, p_after bigint, p_last bigint, p_position bigint,
                                                 p_at timestamptz) RETURNS boolean LANGUAGE plpgsql AS $fn$
BEGIN
    UPDATE projection_stream SET last_sequence = p_last, last_position = p_position, updated_at = p_at
    WHERE tenant_id = p_tenant AND last_sequence = p_after AND NOT parked;
    RETURN FOUND;
END
$fn$;

-- A stretch of usage changes, folded by the caller (UsageFold): each metric's value after its last change
-- ("used": [{"metric", "used", "at"}], at most one per metric) and the changes summed per metric and hour
-- ("hourly": [{"metric", "hour", "increments", "decrements", "changes", "closing", "peak"}], at most one per bucket);
-- "at" and "hour" in microseconds since the epoch.
CREATE FUNCTION public.read_model_usage_changes(p_tenant uuid, p_fold jsonb) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
    UPDATE tenant_usage u SET used = c.used, updated_at = public.read_model_instant(c.at)
    FROM jsonb_to_recordset(p_fold -> 'used') AS c(metric text, used bigint, at bigint)
    WHERE u.tenant_id = p_tenant AND u.metric = c.metric;
    INSERT INTO usage_hourly AS h (tenant_id, metric, hour, increments, decrements, changes, closing_used, peak_used)
    SELECT p_tenant, b.metric, public.read_model_instant(b.hour), b.increments, b.decrements, b.changes, b.closing, b.peak
    FROM jsonb_to_recordset(p_fold -> 'hourly')
         AS b(metric text, hour bigint, increments bigint, decrements bigint, changes integer, closing bigint, peak bigint)
    ON CONFLICT (tenant_id, metric, hour) DO UPDATE SET
        increments = h.increments + EXCLUDED.increments,
        decrements = h.decrements + EXCLUDED.decrements,
        changes = h.changes + EXCLUDED.changes,
        closing_used = EXCLUDED.closing_used,
        peak_used = greatest(h.peak_used, EXCLUDED.peak_used);
END
$fn$;

-- Runs of usage reports of several tenants (each tenant at most once; they are independent), each run the next events of
-- its tenant's stream: [{"tenant", "after", "last", "position", "at" (microseconds), "fold"}]. For each: bind the
-- tenant, advance its stream, write the fold. Returns the tenants whose stream the run did not continue; nothing of theirs was written, and the caller
-- applies those runs the general way (lock the stream, recognise duplicates, find gaps, queue behind a parked event).
CREATE FUNCTION public.read_model_apply_usage_runs(p_runs jsonb) RETURNS uuid[] LANGUAGE plpgsql AS $fn$
DECLARE
    run record;
    missed uuid[] := '{}';
BEGIN
    FOR run IN SELECT * FROM jsonb_to_recordset(p_runs)
                   AS r(tenant uuid, after bigint, last bigint, position bigint, at bigint, fold jsonb) LOOP
        PERFORM set_config('app.tenant_id', run.tenant::text, true), set_config('app.user_id', '', true),
                set_config('app.platform_admin', '', true);
        IF public.read_model_advance_stream(run.tenant, run.after, run.last, run.position,
                                            public.read_model_instant(run.at)) THEN
            PERFORM public.read_model_usage_changes(run.tenant, run.fold);
        ELSE
            missed := missed || run.tenant;
        END IF;
    END LOOP;
    RETURN missed;
END
$fn$;

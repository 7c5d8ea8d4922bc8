-- Roles of the HackOps tenancy platform. Idempotent; run as a superuser by infra/db-setup.
-- hackops_owner owns the databases and runs the migrations; the services never connect as it.
-- Service roles are NOSUPERUSER NOBYPASSRLS and own nothing, so row-level security binds them.
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT * FROM (VALUES
        ('hackops_owner',   'LOGIN NOSUPERUSER CREATEDB NOCREATEROLE NOBYPASSRLS'),
        ('hackops_command', 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS'),
        ('hackops_query',   'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS'),
        ('hackops_audit',   'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS')
    ) AS t(name, options) LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r.name) THEN
            EXECUTE format('CREATE ROLE %I %s PASSWORD %L', r.name, r.options, r.name);
        ELSE
            EXECUTE format('ALTER ROLE %I %s', r.name, r.options);
        END IF;
    END LOOP;
END
$$;
-- lets the owner drop its (test) databases WITH (FORCE) while service connections are still open
GRANT pg_signal_backend TO hackops_owner;

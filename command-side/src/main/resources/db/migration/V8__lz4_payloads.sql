-- Payloads compressed with lz4 instead of PostgreSQL's default pglz (rows stored from now on; stored rows keep theirs,
-- and read back either way). A usage batch of 1,000 changes is a ~100 KB payload: pglz cost PostgreSQL 0.83 ms of CPU
-- to store it, lz4 0.16 ms, for about the same size (BENCHMARKS.md, "Payloads compressed with lz4"). Payloads under
-- ~2 KB, such as a single usage report, are stored uncompressed either way.
-- A server built without lz4 (PostgreSQL's --with-lz4 is optional) keeps pglz: the store works the same, only slower.
-- Only the catalog changes, but under an ACCESS EXCLUSIVE lock on each table: behind a long reader (a rebuild or an
-- audit streaming the store) it would hold every append back while it waits, so it gives up after 5 s instead, and
-- the service's start fails; start it again when the reader is done.
SET LOCAL lock_timeout = '5s';
DO $$
BEGIN
    IF (SELECT 'lz4' = ANY (enumvals) FROM pg_settings WHERE name = 'default_toast_compression') THEN
        ALTER TABLE domain_event_entry ALTER COLUMN payload SET COMPRESSION lz4;
        ALTER TABLE snapshot_event_entry ALTER COLUMN payload SET COMPRESSION lz4;
    ELSE
        RAISE NOTICE 'this PostgreSQL has no lz4: event payloads stay compressed with pglz';
    END IF;
END
$$;

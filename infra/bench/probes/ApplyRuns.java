import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * What the two nested PL/pgSQL calls of {@code read_model_apply_usage_runs} (V7: per tenant's run it calls
 * {@code read_model_advance_stream} and {@code read_model_usage_changes}) cost PostgreSQL against the same statements
 * written into its loop, copied from V7 on purpose (BENCHMARKS.md, "The nested calls of the usage runs, measured").
 * Creates the flattened copy as {@code public.probe_apply_usage_runs_flat} in hackops_bench_read (as the owner role),
 * then, as the service role on one connection, applies polls of usage runs the way the live projection does (a
 * transaction: the generation's search_path, one call for the poll's runs, the commit), each run one usage report of
 * its tenant, the two functions in alternating blocks; prints per block the calls per second, p50 of a call's wall
 * time and the PostgreSQL backend's CPU per run (its /proc stat: run it on the database's machine, as a user who may
 * read it). Drops the copy at the end. It advances the streams and usage of the benchmark's tenants: the next benchmark run recreates the
 * database anyway.
 */
// java -cp "$(ls ~/.m2/repository/org/postgresql/postgresql/42.7.*/postgresql-42.7.*.jar | tail -1)" \
//      infra/bench/probes/ApplyRuns.java [calls per block (2000)] [tenants per call (10)] [blocks per way (4)]
public class ApplyRuns {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/hackops_bench_read";
    private static final String FLAT = """
            CREATE OR REPLACE FUNCTION public.probe_apply_usage_runs_flat(p_runs jsonb) RETURNS uuid[] LANGUAGE plpgsql AS $fn$
            DECLARE
                run record;
                missed uuid[] := '{}';
            BEGIN
                FOR run IN SELECT * FROM jsonb_to_recordset(p_runs)
                               AS r(tenant uuid, after bigint, last bigint, position bigint, at bigint, fold jsonb) LOOP
                    PERFORM set_config('app.tenant_id', run.tenant::text, true), set_config('app.user_id', '', true),
                            set_config('app.platform_admin', '', true);
                    UPDATE projection_stream SET last_sequence = run.last, last_position = run.position,
                                                 updated_at = public.read_model_instant(run.at)
                    WHERE tenant_id = run.tenant AND last_sequence = run.after AND NOT parked;
                    IF FOUND THEN
                        UPDATE tenant_usage u SET used = c.used, updated_at = public.read_model_instant(c.at)
                        FROM jsonb_to_recordset(run.fold -> 'used') AS c(metric text, used bigint, at bigint)
                        WHERE u.tenant_id = run.tenant AND u.metric = c.metric;
                        INSERT INTO usage_hourly AS h (tenant_id, metric, hour, increments, decrements, changes, closing_used, peak_used)
                        SELECT run.tenant, b.metric, public.read_model_instant(b.hour), b.increments, b.decrements, b.changes,
                               b.closing, b.peak
                        FROM jsonb_to_recordset(run.fold -> 'hourly')
                             AS b(metric text, hour bigint, increments bigint, decrements bigint, changes integer, closing bigint, peak bigint)
                        ON CONFLICT (tenant_id, metric, hour) DO UPDATE SET
                            increments = h.increments + EXCLUDED.increments,
                            decrements = h.decrements + EXCLUDED.decrements,
                            changes = h.changes + EXCLUDED.changes,
                            closing_used = EXCLUDED.closing_used,
                            peak_used = greatest(h.peak_used, EXCLUDED.peak_used);
                    ELSE
                        missed := missed || run.tenant;
                    END IF;
                END LOOP;
                RETURN missed;
            END
            $fn$""";

    /** A benchmark tenant's stream as the probe advances it. */
    static final class Stream {
        final UUID tenant;
        long sequence;
        long position;
        long used;

        Stream(UUID tenant, long sequence, long position, long used) {
            this.tenant = tenant;
            this.sequence = sequence;
            this.position = position;
            this.used = used;
        }
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int perCall = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int blocks = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        String generation;
        List<Stream> streams = new ArrayList<>();
        try (Connection admin = DriverManager.getConnection(URL + "?user=postgres")) {
            try (ResultSet g = admin.createStatement().executeQuery("SELECT schema_name FROM read_model_generation WHERE active")) {
                g.next();
                generation = g.getString(1);
            }
            try (ResultSet rows = admin.createStatement().executeQuery("""
                    SELECT p.tenant_id, p.last_sequence, p.last_position, u.used FROM %1$s.projection_stream p
                    JOIN %1$s.tenant_usage u ON u.tenant_id = p.tenant_id AND u.metric = 'EVENTS'
                    WHERE NOT p.parked ORDER BY 1""".formatted(generation))) {
                while (rows.next()) {
                    streams.add(new Stream(rows.getObject(1, UUID.class), rows.getLong(2), rows.getLong(3), rows.getLong(4)));
                }
            }
        }
        if (streams.size() < perCall) {
            throw new IllegalStateException("fewer than " + perCall + " tenants in hackops_bench_read: run a benchmark first");
        }
        try (Connection owner = DriverManager.getConnection(URL + "?user=hackops_owner&password=hackops_owner")) {
            owner.createStatement().execute(FLAT);
            owner.createStatement().execute("GRANT EXECUTE ON FUNCTION public.probe_apply_usage_runs_flat(jsonb) TO hackops_query");
        }
        System.out.printf("%d tenants in %s, %d calls per block of %d tenants' runs each, %d blocks per way%n",
                streams.size(), generation, calls, perCall, blocks);
        try (Connection service = DriverManager.getConnection(URL + "?user=hackops_query&password=hackops_query")) {
            service.setAutoCommit(false);
            int backend;
            try (ResultSet pid = service.createStatement().executeQuery("SELECT pg_backend_pid()")) {
                pid.next();
                backend = pid.getInt(1);
            }
            service.commit();
            int[] next = {0};
            for (int warm = 0; warm < 2; warm++) {
                block(service, backend, generation, streams, next, calls / 2, perCall, false, null);
                block(service, backend, generation, streams, next, calls / 2, perCall, true, null);
            }
            for (int b = 1; b <= blocks; b++) {
                block(service, backend, generation, streams, next, calls, perCall, false, "block " + b + ", nested calls");
                block(service, backend, generation, streams, next, calls, perCall, true, "block " + b + ", flattened   ");
            }
        } finally {
            try (Connection owner = DriverManager.getConnection(URL + "?user=hackops_owner&password=hackops_owner")) {
                owner.createStatement().execute("DROP FUNCTION IF EXISTS public.probe_apply_usage_runs_flat(jsonb)");
            }
        }
    }

    private static void block(Connection service, int backend, String generation, List<Stream> streams, int[] next,
                              int calls, int perCall, boolean flat, String label) throws Exception {
        String function = flat ? "public.probe_apply_usage_runs_flat" : "public.read_model_apply_usage_runs";
        long[] nanos = new long[calls];
        long before = ticks(backend);
        long started = System.nanoTime();
        try (PreparedStatement path = service.prepareStatement("SELECT set_config('search_path', ? || ', public', true)");
             PreparedStatement apply = service.prepareStatement("SELECT " + function + "(?::jsonb)")) {
            for (int i = 0; i < calls; i++) {
                StringBuilder runs = new StringBuilder("[");
                long micros = System.currentTimeMillis() * 1000;
                long hour = micros / 3_600_000_000L * 3_600_000_000L;
                for (int k = 0; k < perCall; k++) {
                    Stream s = streams.get(next[0]++ % streams.size());
                    long after = s.sequence;
                    s.sequence++;
                    s.position++;
                    s.used++;
                    runs.append(k == 0 ? "" : ",").append("""
                            {"tenant":"%s","after":%d,"last":%d,"position":%d,"at":%d,"fold":{"used":[{"metric":"EVENTS","used":%d,"at":%d}],\
                            "hourly":[{"metric":"EVENTS","hour":%d,"increments":1,"decrements":0,"changes":1,"closing":%d,"peak":%d}]}}"""
                            .formatted(s.tenant, after, s.sequence, s.position, micros, s.used, micros, hour, s.used, s.used));
                }
                runs.append(']');
                long t0 = System.nanoTime();
                path.setString(1, generation);
                path.executeQuery().close();
                apply.setString(1, runs.toString());
                try (ResultSet missed = apply.executeQuery()) {
                    missed.next();
                    if (((Object[]) missed.getArray(1).getArray()).length > 0) {
                        throw new IllegalStateException("runs missed their streams: " + missed.getString(1));
                    }
                }
                service.commit();
                nanos[i] = System.nanoTime() - t0;
            }
        }
        long wall = System.nanoTime() - started;
        long backendTicks = ticks(backend) - before;
        if (label != null) {
            Arrays.sort(nanos);
            System.out.printf("%s: %,7.0f calls/s  p50 %6.3f ms  p99 %6.3f ms  PostgreSQL CPU %5.1f µs per run%n", label,
                    calls / (wall / 1e9), nanos[calls / 2] / 1e6, nanos[calls * 99 / 100] / 1e6,
                    backendTicks * 10_000.0 / ((long) calls * perCall));
        }
    }

    /** utime + stime of a process, in clock ticks (1/100 s). */
    private static long ticks(int pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}

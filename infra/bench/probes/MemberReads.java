import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * What a member's usage read costs PostgreSQL and the client when the tenant's binding and the check of the caller's
 * membership are sent one after the other (two round trips) and together, before one Sync (one round trip, as
 * {@code TenantContext.bindTenantAnd} sends them) (BENCHMARKS.md, "A member's read in one round trip less"). The
 * statements are the query side's own for {@code GET /api/v1/tenants/{id}/usage}: in a read-only transaction the
 * binding (with the choice of the read-model generation), the membership check, the usage rows, the commit.
 * <p>
 * Runs against the read models a benchmark run left (any run leaves hackops_bench_read, e.g. `BENCH_RUNS=1
 * infra/bench/run S11`) as the service role, one connection, closed loop over the tenants' owners, the two ways in
 * alternating blocks; prints per way and block the reads per second, p50/p99 of a read's wall time, the client
 * thread's CPU and the PostgreSQL backend's CPU per read (its /proc stat: run it as a user who may read it, on the
 * database's machine).
 */
// java -cp "$(ls ~/.m2/repository/org/postgresql/postgresql/42.7.*/postgresql-42.7.*.jar | tail -1)" \
//      infra/bench/probes/MemberReads.java [reads per block (5000)] [blocks per way (3)]
public class MemberReads {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/hackops_bench_read";
    private static final String SETTINGS = """
            set_config('app.tenant_id', ?, true) || set_config('app.user_id', ?, true)
                   || set_config('app.platform_admin', ?, true)""";
    private static final String CHOOSE_AND_BIND = """
            SELECT g.schema_name, set_config('search_path', g.schema_name || ', public', true), %s
            FROM (VALUES (1)) AS one LEFT JOIN public.read_model_generation g ON g.active""".formatted(SETTINGS);
    private static final String ROLE_OF = "SELECT role FROM tenant_member WHERE tenant_id = ? AND user_id = ?";
    private static final String USAGE = """
            SELECT s.plan, s.status, coalesce(p.last_sequence, -1), u.metric, u.used, u.usage_limit
            FROM tenant_summary s LEFT JOIN projection_stream p ON p.tenant_id = s.tenant_id
            LEFT JOIN tenant_usage u ON u.tenant_id = s.tenant_id
            WHERE s.tenant_id = ? ORDER BY array_position(ARRAY['EVENTS','PARTICIPANTS','STORAGE_BYTES','ADMINS'], u.metric)""";

    record Owner(UUID tenant, String user) {
    }

    public static void main(String[] args) throws Exception {
        int reads = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Owner> owners = new ArrayList<>();
        try (Connection admin = DriverManager.getConnection(URL + "?user=postgres");
             ResultSet rows = admin.createStatement().executeQuery("""
                     SELECT m.tenant_id, m.user_id FROM read_model_generation g,
                            LATERAL (SELECT * FROM read_blue.tenant_member WHERE g.schema_name = 'read_blue'
                                     UNION ALL SELECT * FROM read_green.tenant_member WHERE g.schema_name = 'read_green') m
                     WHERE g.active AND m.role = 'OWNER' ORDER BY 1 LIMIT 1000""")) {
            while (rows.next()) {
                owners.add(new Owner(rows.getObject(1, UUID.class), rows.getString(2)));
            }
        }
        if (owners.isEmpty()) {
            throw new IllegalStateException("no tenants in hackops_bench_read: run a benchmark first");
        }
        System.out.printf("%d owners' tenants, %d reads per block, %d blocks per way%n", owners.size(), reads, blocks);
        try (Connection service = DriverManager.getConnection(URL + "?user=hackops_query&password=hackops_query")) {
            service.setAutoCommit(false);
            service.setReadOnly(true);
            int backend = backendPid(service);
            for (int warm = 0; warm < 2; warm++) { // the JIT and the driver's server-side statements
                run(service, backend, owners, reads, false, null);
                run(service, backend, owners, reads, true, null);
            }
            for (int block = 1; block <= blocks; block++) {
                run(service, backend, owners, reads, false, "block " + block + ", one after the other");
                run(service, backend, owners, reads, true, "block " + block + ", together       ");
            }
        }
    }

    private static void run(Connection service, int backend, List<Owner> owners, int reads, boolean together,
                            String label) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] nanos = new long[reads];
        long backendBefore = ticks(backend);
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        for (int i = 0; i < reads; i++) {
            Owner owner = owners.get(i % owners.size());
            long t0 = System.nanoTime();
            if (!isMember(service, owner, together) || !readUsage(service, owner)) {
                throw new IllegalStateException("the owner of " + owner.tenant() + " was not found");
            }
            service.commit();
            nanos[i] = System.nanoTime() - t0;
        }
        long wall = System.nanoTime() - started;
        long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
        long backendTicks = ticks(backend) - backendBefore;
        if (label == null) {
            return;
        }
        Arrays.sort(nanos);
        System.out.printf("%s: %,8.0f reads/s  p50 %6.3f ms  p99 %6.3f ms  client CPU %5.1f µs/read  PostgreSQL CPU %5.1f µs/read%n",
                label, reads / (wall / 1e9), nanos[reads / 2] / 1e6, nanos[reads * 99 / 100] / 1e6,
                cpu / 1e3 / reads, backendTicks * 10_000.0 / reads);
    }

    /** The binding and the membership check: two statements, sent as one (before one Sync) or one after the other. */
    private static boolean isMember(Connection service, Owner owner, boolean together) throws SQLException {
        if (together) {
            try (PreparedStatement both = service.prepareStatement(CHOOSE_AND_BIND + ";\n" + ROLE_OF)) {
                bind(both, owner);
                both.setObject(4, owner.tenant());
                both.setString(5, owner.user());
                both.execute();
                both.getResultSet().close();
                both.getMoreResults();
                try (ResultSet role = both.getResultSet()) {
                    return role.next();
                }
            }
        }
        try (PreparedStatement binding = service.prepareStatement(CHOOSE_AND_BIND)) {
            bind(binding, owner);
            binding.executeQuery().close();
        }
        try (PreparedStatement check = service.prepareStatement(ROLE_OF)) {
            check.setObject(1, owner.tenant());
            check.setString(2, owner.user());
            try (ResultSet role = check.executeQuery()) {
                return role.next();
            }
        }
    }

    private static void bind(PreparedStatement statement, Owner owner) throws SQLException {
        statement.setString(1, owner.tenant().toString());
        statement.setString(2, "");
        statement.setString(3, "");
    }

    private static boolean readUsage(Connection service, Owner owner) throws SQLException {
        try (PreparedStatement usage = service.prepareStatement(USAGE)) {
            usage.setObject(1, owner.tenant());
            try (ResultSet rows = usage.executeQuery()) {
                boolean any = false;
                while (rows.next()) {
                    any = true;
                }
                return any;
            }
        }
    }

    private static int backendPid(Connection connection) throws SQLException {
        try (ResultSet pid = connection.createStatement().executeQuery("SELECT pg_backend_pid()")) {
            pid.next();
            int backend = pid.getInt(1);
            connection.commit();
            return backend;
        }
    }

    /** utime + stime of a process, in clock ticks (1/100 s). */
    private static long ticks(int pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How long reading event-store rows takes when pgjdbc receives them as text (a bytea payload then comes as hex) and
 * in binary (BENCHMARKS.md, "Reads in hex"). Creates a scratch database with 5,000 usage batches of 1,000 changes and
 * 1,000,000 events of one change, reads each seven times with the same statement on one connection (the driver's
 * default: text for runs 1-5, binary from its prepare threshold on) and again with prepareThreshold=-1 (binary from
 * the first run), prints wall time and the reading thread's CPU, and drops the database. Usage below.
 */
// java -cp "$(ls ~/.m2/repository/org/postgresql/postgresql/42.7.*/postgresql-42.7.*.jar | tail -1)" \
//      infra/bench/probes/ReadFormats.java [jdbc:postgresql://127.0.0.1:5432/postgres?user=hackops_owner&password=hackops_owner]
public class ReadFormats {

    private static final String DATABASE = "hackops_probe_read_formats";

    public static void main(String[] args) throws SQLException {
        String server = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/postgres?user=hackops_owner&password=hackops_owner";
        String scratch = server.replaceFirst("/[^/?]*(\\?|$)", "/" + DATABASE + "$1");
        try (Connection admin = DriverManager.getConnection(server); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            s.execute("CREATE DATABASE " + DATABASE);
        }
        try {
            fill(scratch);
            for (String table : new String[] {"batches", "singles"}) {
                read(scratch, table, "driver default");
                read(scratch + (scratch.contains("?") ? "&" : "?") + "prepareThreshold=-1", table, "prepareThreshold=-1");
            }
        } finally {
            try (Connection admin = DriverManager.getConnection(server); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            }
        }
    }

    private static void fill(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String table : new String[] {"batches", "singles"}) {
                s.execute("CREATE TABLE " + table + " (global_index bigserial PRIMARY KEY, event_identifier varchar(255),"
                        + " aggregate_identifier varchar(255) NOT NULL, sequence_number bigint NOT NULL, time_stamp varchar(255),"
                        + " payload_type varchar(255), payload_revision varchar(255), payload bytea NOT NULL,"
                        + " UNIQUE (aggregate_identifier, sequence_number))");
            }
            s.execute("""
                    INSERT INTO batches (event_identifier, aggregate_identifier, sequence_number, time_stamp, payload_type, payload_revision, payload)
                    SELECT gen_random_uuid()::text, 'hot', n, '2026-12-07T05:00:00.123Z', 'com.hackops.events.usage.UsageTracked', '1',
                           convert_to('{"tenantId":"7f1c2b4e-1111-2222-3333-444455556666","changes":[' ||
                             (SELECT string_agg('{"metric":"EVENTS","requested":1,"delta":1,"used":' || (n * 1000 + i)
                                     || ',"occurredAt":"2026-12-07T05:' || lpad((i % 60)::text, 2, '0') || ':12.345678Z"}', ',')
                              FROM generate_series(1, 1000) i) || '],"trackedBy":"key:abc"}', 'UTF8')
                    FROM generate_series(1, 5000) n""");
            s.execute("""
                    INSERT INTO singles (event_identifier, aggregate_identifier, sequence_number, time_stamp, payload_type, payload_revision, payload)
                    SELECT gen_random_uuid()::text, 'hot', n, '2026-12-07T05:00:00.123Z', 'com.hackops.events.usage.UsageTracked', '1',
                           convert_to('{"tenantId":"7f1c2b4e-1111-2222-3333-444455556666","changes":[{"metric":"EVENTS","requested":1,'
                                      || '"delta":1,"used":' || n || ',"occurredAt":"2026-12-07T05:00:12.345678Z"}],"trackedBy":"key:abc"}', 'UTF8')
                    FROM generate_series(1, 1000000) n""");
        }
    }

    private static void read(String url, String table, String mode) throws SQLException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            for (int run = 1; run <= 7; run++) {
                long start = System.nanoTime();
                long cpu = threads.getCurrentThreadCpuTime();
                long bytes = 0;
                int rows = 0;
                try (PreparedStatement read = c.prepareStatement("SELECT global_index, event_identifier, sequence_number, time_stamp,"
                        + " payload_type, payload_revision, payload FROM " + table
                        + " WHERE aggregate_identifier = ? AND sequence_number > ? ORDER BY sequence_number")) {
                    read.setFetchSize(128);
                    read.setString(1, "hot");
                    read.setLong(2, -1);
                    try (ResultSet rs = read.executeQuery()) {
                        while (rs.next()) {
                            bytes += rs.getString(2).length() + rs.getString(4).length() + rs.getString(5).length()
                                    + rs.getString(6).length() + rs.getBytes(7).length + rs.getLong(1) % 2 + rs.getLong(3) % 2;
                            rows++;
                        }
                    }
                }
                c.commit();
                System.out.printf("%-8s %-20s run %d: %,d rows, %,d MB, %,.0f ms, reading thread's CPU %,.0f ms%n", table, mode, run,
                        rows, bytes >> 20, (System.nanoTime() - start) / 1e6, (threads.getCurrentThreadCpuTime() - cpu) / 1e6);
            }
        }
    }
}

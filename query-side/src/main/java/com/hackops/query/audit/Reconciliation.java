package com.hackops.query.audit;

import com.hackops.events.types.Metric;
import com.hackops.query.isolation.TenantReads;
import com.hackops.query.projection.SqlArrays;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Replays a tenant's events up to the position its read models claim to have reached and compares, field by field,
 * what the events say with what the read models hold.
 */
@Component
public class Reconciliation {

    private final TenantReads reads;
    private final JdbcTemplate jdbc;
    private final EventStoreReader events;

    Reconciliation(TenantReads reads, JdbcTemplate jdbc, EventStoreReader events) {
        this.reads = reads;
        this.jdbc = jdbc;
        this.events = events;
    }

    /** One field the read models hold differently from the events. */
    public record Difference(String readModel, String key, String expected, String actual) {
    }

    public record Report(UUID tenantId, boolean consistent, long checkedThroughSequence, int parkedEvents,
                         List<Difference> differences) {
    }

    public Report reconcile(UUID tenantId) {
        ReadModels held = reads.asTenant(tenantId, () -> read(tenantId));
        TenantState replayed = new TenantState();
        events.forEach(tenantId, -1, held.sequence, java.time.Instant.MAX, replayed::apply);
        List<Difference> differences = new ArrayList<>();
        if (held.sequence < 0) {
            if (replayed.exists() || held.summary != null) {
                differences.add(new Difference("projection_stream", "last_sequence", "applied", "nothing applied"));
            }
            return new Report(tenantId, differences.isEmpty(), held.sequence, held.parked, differences);
        }
        compare(differences, "tenant_summary", "name", replayed.name(), held.get("name"));
        compare(differences, "tenant_summary", "slug", replayed.slug(), held.get("slug"));
        compare(differences, "tenant_summary", "status", replayed.status(), held.get("status"));
        compare(differences, "tenant_summary", "plan", replayed.plan(), held.get("plan"));
        compare(differences, "tenant_summary", "features",
                replayed.features().stream().map(Enum::name).sorted().toList().toString(), held.get("features"));
        for (Metric metric : Metric.values()) {
            Long[] usage = held.usage.get(metric.name());
            compare(differences, "tenant_usage", metric + ".used", Long.toString(replayed.used(metric)),
                    usage == null ? null : Long.toString(usage[0]));
            compare(differences, "tenant_usage", metric + ".limit", Long.toString(replayed.limits().of(metric)),
                    usage == null ? null : Long.toString(usage[1]));
        }
        Map<String, String> expectedMembers = new TreeMap<>();
        replayed.members().forEach((user, role) -> expectedMembers.put(user, role.name()));
        for (String user : union(expectedMembers, held.members)) {
            compare(differences, "tenant_member", user + ".role", expectedMembers.get(user), held.members.get(user));
        }
        return new Report(tenantId, differences.isEmpty(), held.sequence, held.parked, differences);
    }

    private static void compare(List<Difference> differences, String model, String key, String expected, String actual) {
        if (!Objects.equals(expected, actual)) {
            differences.add(new Difference(model, key, expected, actual));
        }
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        java.util.TreeSet<String> keys = new java.util.TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return List.copyOf(keys);
    }

    private ReadModels read(UUID tenantId) {
        ReadModels held = new ReadModels();
        held.sequence = jdbc.queryForList("SELECT last_sequence FROM projection_stream WHERE tenant_id = ?", Long.class, tenantId)
                .stream().findFirst().orElse(-1L);
        held.parked = jdbc.queryForObject("SELECT count(*) FROM parked_event WHERE tenant_id = ?", Integer.class, tenantId);
        jdbc.query("SELECT name, slug, status, plan, features FROM tenant_summary WHERE tenant_id = ?", rs -> {
            held.summary = Map.of("name", rs.getString(1), "slug", rs.getString(2), "status", rs.getString(3),
                    "plan", rs.getString(4), "features", SqlArrays.strings(rs.getArray(5)).toString());
        }, tenantId);
        jdbc.query("SELECT metric, used, usage_limit FROM tenant_usage WHERE tenant_id = ?",
                rs -> { held.usage.put(rs.getString(1), new Long[] {rs.getLong(2), rs.getLong(3)}); }, tenantId);
        jdbc.query("SELECT user_id, role FROM tenant_member WHERE tenant_id = ?",
                rs -> { held.members.put(rs.getString(1), rs.getString(2)); }, tenantId);
        return held;
    }

    private static final class ReadModels {
        long sequence;
        int parked;
        Map<String, String> summary;
        final Map<String, Long[]> usage = new TreeMap<>();
        final Map<String, String> members = new TreeMap<>();

        String get(String field) {
            return summary == null ? null : summary.get(field);
        }
    }
}

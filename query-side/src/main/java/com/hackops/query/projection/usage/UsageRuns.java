package com.hackops.query.projection.usage;

import com.hackops.events.usage.UsageTracked;
import com.hackops.query.projection.RunsInOneTrip;
import com.hackops.query.projection.TenantEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Runs of usage reports ({@link UsageTracked} only) of many tenants in one statement, {@code read_model_apply_usage_runs}
 * (V7): under load a poll holds one or two reports of each of many tenants, and binding, stream, current usage and
 * hourly buckets were four round trips per tenant. Only {@link CurrentUsageProjection} reacts to usage reports, with
 * the same fold and the same function for the rows.
 */
@Component
class UsageRuns implements RunsInOneTrip {

    private final JdbcTemplate jdbc;

    UsageRuns(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean takes(List<TenantEvent> run) {
        return run.stream().allMatch(event -> event.payload() instanceof UsageTracked);
    }

    @Override
    public Set<UUID> apply(List<List<TenantEvent>> runs) {
        if (runs.isEmpty()) {
            return Set.of();
        }
        StringBuilder json = new StringBuilder(256 * runs.size()).append('[');
        for (List<TenantEvent> run : runs) {
            TenantEvent first = run.get(0);
            TenantEvent last = run.get(run.size() - 1);
            UsageFold fold = new UsageFold();
            run.forEach(event -> fold.add(event, (UsageTracked) event.payload()));
            json.append(json.length() > 1 ? ",{" : "{").append("\"tenant\":\"").append(first.tenantId())
                    .append("\",\"after\":").append(first.sequence() - 1)
                    .append(",\"last\":").append(last.sequence())
                    .append(",\"position\":").append(last.position())
                    .append(",\"at\":").append(JsonInstants.micros(last.occurredAt())).append(",\"fold\":");
            fold.appendTo(json);
            json.append('}');
        }
        json.append(']');
        Set<UUID> missed = jdbc.queryForObject("SELECT public.read_model_apply_usage_runs(?::jsonb)",
                (rs, row) -> uuids(rs.getArray(1)), json.toString());
        return missed == null ? Set.of() : missed;
    }

    private static Set<UUID> uuids(Array array) throws SQLException {
        try {
            Set<UUID> tenants = new HashSet<>();
            for (Object tenant : (Object[]) array.getArray()) {
                tenants.add(tenant instanceof UUID id ? id : UUID.fromString(tenant.toString()));
            }
            return tenants;
        } finally {
            array.free();
        }
    }
}

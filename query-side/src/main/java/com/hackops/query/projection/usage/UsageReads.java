package com.hackops.query.projection.usage;

import com.hackops.query.projection.tenant.TenantSummaries;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads of current usage (alone, or with the tenant's plan, status and version), hourly history and alerts; callers
 * bind the tenant (or admin path) first.
 */
@Component
public class UsageReads {

    private static final String METRIC_ORDER = metricOrder("metric");

    private final JdbcTemplate jdbc;

    UsageReads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private static String metricOrder(String column) {
        return "array_position(ARRAY['EVENTS','PARTICIPANTS','STORAGE_BYTES','ADMINS'], " + column + ")";
    }

    public List<MetricUsageView> current(UUID tenantId) {
        return jdbc.query("SELECT metric, used, usage_limit FROM tenant_usage WHERE tenant_id = ? ORDER BY " + METRIC_ORDER,
                (rs, i) -> MetricUsageView.of(rs.getString(1), rs.getLong(2), rs.getLong(3)), tenantId);
    }

    /**
     * The tenant's plan, status and read-model version with its current usage, in one statement (a dashboard's most
     * frequent read: one round trip instead of two); empty when the transaction's binding shows no such tenant.
     */
    public Optional<TenantUsage> tenantUsage(UUID tenantId) {
        return jdbc.query("""
                SELECT s.plan, s.status, %s, u.metric, u.used, u.usage_limit
                FROM tenant_summary s LEFT JOIN projection_stream p ON p.tenant_id = s.tenant_id
                LEFT JOIN tenant_usage u ON u.tenant_id = s.tenant_id
                WHERE s.tenant_id = ? ORDER BY %s""".formatted(TenantSummaries.VERSION, metricOrder("u.metric")), rs -> {
            if (!rs.next()) {
                return Optional.empty();
            }
            String plan = rs.getString(1);
            String status = rs.getString(2);
            long version = rs.getLong(3);
            List<MetricUsageView> metrics = new ArrayList<>();
            do {
                if (rs.getString(4) != null) {
                    metrics.add(MetricUsageView.of(rs.getString(4), rs.getLong(5), rs.getLong(6)));
                }
            } while (rs.next());
            return Optional.of(new TenantUsage(plan, status, version, metrics));
        }, tenantId);
    }

    public record TenantUsage(String plan, String status, long version, List<MetricUsageView> metrics) {
    }

    /** The negotiated limits in force (metric → limit); empty without an override. */
    public Map<String, Long> overrides(UUID tenantId) {
        Map<String, Long> overrides = new java.util.LinkedHashMap<>();
        jdbc.query("SELECT metric, override_limit FROM tenant_usage WHERE tenant_id = ? AND override_limit IS NOT NULL ORDER BY "
                + METRIC_ORDER, rs -> { overrides.put(rs.getString(1), rs.getLong(2)); }, tenantId);
        return overrides;
    }

    public List<HourlyUsageView> hourly(UUID tenantId, String metric, Instant from, Instant to) {
        return jdbc.query("""
                SELECT hour, increments, decrements, changes, closing_used, peak_used FROM usage_hourly
                WHERE tenant_id = ? AND metric = ? AND hour >= ? AND hour < ? ORDER BY hour""",
                (rs, i) -> new HourlyUsageView(rs.getTimestamp(1).toInstant(), rs.getLong(2), rs.getLong(3), rs.getInt(4),
                        rs.getLong(5), rs.getLong(6)),
                tenantId, metric, Timestamp.from(from), Timestamp.from(to));
    }

    public List<UsageAlertView> alerts(UUID tenantId, int limit) {
        return jdbc.query("""
                SELECT metric, kind, used, usage_limit, occurred_at, sequence FROM usage_alert WHERE tenant_id = ?
                ORDER BY sequence DESC, metric LIMIT ?""",
                (rs, i) -> new UsageAlertView(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getTimestamp(5).toInstant(), rs.getLong(6)), tenantId, limit);
    }

    /** Sum of current usage per metric over every visible tenant. */
    public Map<String, Long> totals() {
        return jdbc.query("SELECT metric, sum(used) FROM tenant_usage GROUP BY metric ORDER BY " + METRIC_ORDER, rs -> {
            Map<String, Long> totals = new java.util.LinkedHashMap<>();
            while (rs.next()) {
                totals.put(rs.getString(1), rs.getLong(2));
            }
            return totals;
        });
    }

    /** Tenants with a metric at or above 80 % of its limit. */
    public List<NearLimitView> nearLimit(int max) {
        return jdbc.query("""
                SELECT u.tenant_id, s.name, u.metric, u.used, u.usage_limit FROM tenant_usage u
                JOIN tenant_summary s ON s.tenant_id = u.tenant_id
                WHERE s.status <> 'ARCHIVED' AND u.used > 0 AND u.used * 100 >= 80 * u.usage_limit
                ORDER BY (u.used::float8 / greatest(u.usage_limit, 1)) DESC, u.tenant_id, u.metric LIMIT ?""",
                (rs, i) -> new NearLimitView(rs.getObject(1, UUID.class), rs.getString(2),
                        MetricUsageView.of(rs.getString(3), rs.getLong(4), rs.getLong(5))), max);
    }

    public record NearLimitView(UUID tenantId, String name, MetricUsageView usage) {
    }
}

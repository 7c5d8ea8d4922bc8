package com.hackops.query.projection.usage;

import com.hackops.events.usage.UsageChange;
import com.hackops.events.usage.UsageTracked;
import com.hackops.query.projection.TenantEvent;
import com.hackops.query.projection.TenantProjection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;

/** Hourly buckets of usage changes, by the hour each change occurred in: what the charts draw. */
@Component
class UsageHistoryProjection implements TenantProjection {

    private final JdbcTemplate jdbc;

    UsageHistoryProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void apply(TenantEvent event) {
        if (!(event.payload() instanceof UsageTracked tracked)) {
            return;
        }
        for (UsageChange change : tracked.changes()) {
            long increment = Math.max(change.delta(), 0);
            long decrement = Math.max(-change.delta(), 0);
            jdbc.update("""
                    INSERT INTO usage_hourly AS h (tenant_id, metric, hour, increments, decrements, changes, closing_used, peak_used)
                    VALUES (?, ?, ?, ?, ?, 1, ?, ?)
                    ON CONFLICT (tenant_id, metric, hour) DO UPDATE SET
                        increments = h.increments + EXCLUDED.increments,
                        decrements = h.decrements + EXCLUDED.decrements,
                        changes = h.changes + 1,
                        closing_used = EXCLUDED.closing_used,
                        peak_used = greatest(h.peak_used, EXCLUDED.peak_used)""",
                    event.tenantId(), change.metric().name(),
                    Timestamp.from(change.occurredAt().truncatedTo(ChronoUnit.HOURS)),
                    increment, decrement, change.used(), change.used());
        }
    }
}

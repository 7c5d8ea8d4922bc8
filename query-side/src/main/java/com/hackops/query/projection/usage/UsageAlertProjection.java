package com.hackops.query.projection.usage;

import com.hackops.events.usage.UsageOverLimitCleared;
import com.hackops.events.usage.UsageOverLimitEntered;
import com.hackops.events.usage.UsageThresholdCrossed;
import com.hackops.query.projection.TenantEvent;
import com.hackops.query.projection.TenantProjection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/** Threshold crossings and over-limit entries and exits, newest first in the API. */
@Component
class UsageAlertProjection implements TenantProjection {

    private final JdbcTemplate jdbc;

    UsageAlertProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void apply(TenantEvent event) {
        Object payload = event.payload();
        if (payload instanceof UsageThresholdCrossed crossed) {
            insert(event, crossed.metric().name(), "THRESHOLD_" + crossed.percent(), crossed.used(), crossed.limit());
        } else if (payload instanceof UsageOverLimitEntered entered) {
            insert(event, entered.metric().name(), "OVER_LIMIT_ENTERED", entered.used(), entered.limit());
        } else if (payload instanceof UsageOverLimitCleared cleared) {
            insert(event, cleared.metric().name(), "OVER_LIMIT_CLEARED", cleared.used(), cleared.limit());
        }
    }

    private void insert(TenantEvent event, String metric, String kind, long used, long limit) {
        jdbc.update("""
                INSERT INTO usage_alert (tenant_id, sequence, metric, kind, used, usage_limit, occurred_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""",
                event.tenantId(), event.sequence(), metric, kind, used, limit, Timestamp.from(event.occurredAt()));
    }
}

package com.hackops.query.projection.tenant;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant as dashboards show it; {@code version} is the last event of the tenant the read models applied.
 * {@code features} are the effective ones (plan and override); {@code override}, {@code scheduledPlanChange} and
 * {@code trial} are null when there is none.
 */
public record TenantSummaryView(UUID tenantId, String name, String slug, String status, String plan,
                                List<String> features, Instant createdAt, Instant updatedAt, long version,
                                Override override, ScheduledPlanChange scheduledPlanChange, Trial trial) {

    /** A negotiated override: why, and the feature grants/withdrawals as JSON (limits are in the usage rows). */
    public record Override(String reason, String features) {
    }

    public record ScheduledPlanChange(String plan, Instant effectiveAt) {
    }

    public record Trial(String plan, String returnPlan, Instant endsAt) {
    }
}

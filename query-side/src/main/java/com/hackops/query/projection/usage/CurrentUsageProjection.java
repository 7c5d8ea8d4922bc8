package com.hackops.query.projection.usage;

import com.hackops.events.membership.MemberAdded;
import com.hackops.events.membership.MemberRemoved;
import com.hackops.events.membership.MemberRoleChanged;
import com.hackops.events.tenant.LimitsOverrideRemoved;
import com.hackops.events.tenant.LimitsOverridden;
import com.hackops.events.tenant.PlanChanged;
import com.hackops.events.tenant.TenantCreated;
import com.hackops.events.tenant.TenantImported;
import com.hackops.events.types.Limits;
import com.hackops.events.types.Metric;
import com.hackops.events.usage.UsageTracked;
import com.hackops.query.projection.TenantEvent;
import com.hackops.query.projection.TenantProjection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;

/**
 * Current usage and limit of every metric, and the hourly buckets of the usage changes. ADMINS moves with the
 * membership events (members whose role takes an admin seat), the other metrics with {@link UsageTracked}, which
 * carries the value after each change.
 */
@Component
class CurrentUsageProjection implements TenantProjection {

    private final JdbcTemplate jdbc;

    CurrentUsageProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void apply(TenantEvent event) {
        applyAll(List.of(event));
    }

    /**
     * A stretch of {@link UsageTracked} events (of a batch event, or of a run of them) is folded ({@link UsageFold})
     * and written with one statement, {@code read_model_usage_changes}: each metric's last value, and the hourly
     * buckets the charts draw. A batch event holds up to 1,000 changes, a catch-up run many events; one statement each
     * would cost a round trip each. Other events end the stretch before they apply, so every row changes in the
     * events' order.
     */
    @Override
    public void applyAll(List<TenantEvent> events) {
        UsageFold fold = new UsageFold();
        for (TenantEvent event : events) {
            if (event.payload() instanceof UsageTracked tracked) {
                fold.add(event, tracked);
            } else {
                fold = write(event.tenantId(), fold);
                applyOther(event);
            }
        }
        write(events.get(0).tenantId(), fold);
    }

    /** Writes the fold unless it is empty; returns an empty one for the next stretch. */
    private UsageFold write(UUID tenantId, UsageFold fold) {
        if (fold.isEmpty()) {
            return fold;
        }
        jdbc.query("SELECT public.read_model_usage_changes(?, ?::jsonb)", (RowCallbackHandler) row -> { },
                tenantId, fold.json());
        return new UsageFold();
    }

    private void applyOther(TenantEvent event) {
        Timestamp at = Timestamp.from(event.occurredAt());
        Object payload = event.payload();
        if (payload instanceof TenantCreated created) {
            limits(event, created.limits(), at, true);
        } else if (payload instanceof TenantImported imported) {
            limits(event, imported.limits(), at, true);
        } else if (payload instanceof PlanChanged changed) {
            limits(event, changed.limits(), at, false);
        } else if (payload instanceof LimitsOverridden overridden) {
            for (Metric metric : Metric.values()) {
                jdbc.update("""
                        UPDATE tenant_usage SET override_limit = ?, usage_limit = coalesce(?, plan_limit), updated_at = ?
                        WHERE tenant_id = ? AND metric = ?""", overridden.limits().get(metric), overridden.limits().get(metric),
                        at, event.tenantId(), metric.name());
            }
        } else if (payload instanceof LimitsOverrideRemoved) {
            jdbc.update("UPDATE tenant_usage SET override_limit = NULL, usage_limit = plan_limit, updated_at = ? WHERE tenant_id = ?",
                    at, event.tenantId());
        } else if (payload instanceof MemberAdded added && added.role().occupiesAdminSeat()) {
            seats(event, 1, at);
        } else if (payload instanceof MemberRemoved removed && removed.role().occupiesAdminSeat()) {
            seats(event, -1, at);
        } else if (payload instanceof MemberRoleChanged changed) {
            int delta = (changed.role().occupiesAdminSeat() ? 1 : 0) - (changed.previousRole().occupiesAdminSeat() ? 1 : 0);
            if (delta != 0) {
                seats(event, delta, at);
            }
        }
    }

    private void limits(TenantEvent event, Limits limits, Timestamp at, boolean created) {
        for (Metric metric : Metric.values()) {
            if (created) {
                jdbc.update("""
                        INSERT INTO tenant_usage (tenant_id, metric, used, usage_limit, plan_limit, updated_at)
                        VALUES (?, ?, 0, ?, ?, ?)""", event.tenantId(), metric.name(), limits.of(metric), limits.of(metric), at);
            } else {
                jdbc.update("""
                        UPDATE tenant_usage SET plan_limit = ?, usage_limit = coalesce(override_limit, ?), updated_at = ?
                        WHERE tenant_id = ? AND metric = ?""", limits.of(metric), limits.of(metric), at, event.tenantId(), metric.name());
            }
        }
    }

    private void seats(TenantEvent event, int delta, Timestamp at) {
        jdbc.update("UPDATE tenant_usage SET used = used + ?, updated_at = ? WHERE tenant_id = ? AND metric = 'ADMINS'",
                delta, at, event.tenantId());
    }
}

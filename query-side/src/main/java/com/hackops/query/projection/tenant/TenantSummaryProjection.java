package com.hackops.query.projection.tenant;

import com.hackops.events.tenant.PlanChanged;
import com.hackops.events.tenant.TenantArchived;
import com.hackops.events.tenant.TenantCreated;
import com.hackops.events.tenant.TenantProfileUpdated;
import com.hackops.events.tenant.TenantReactivated;
import com.hackops.events.tenant.TenantSuspended;
import com.hackops.query.projection.SqlArrays;
import com.hackops.query.projection.TenantEvent;
import com.hackops.query.projection.TenantProjection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.Set;

/** Profile, status, plan and features of each tenant. */
@Component
class TenantSummaryProjection implements TenantProjection {

    private final JdbcTemplate jdbc;

    TenantSummaryProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void apply(TenantEvent event) {
        Timestamp at = Timestamp.from(event.occurredAt());
        Object payload = event.payload();
        if (payload instanceof TenantCreated created) {
            jdbc.update("""
                    INSERT INTO tenant_summary (tenant_id, name, slug, status, plan, features, created_by, created_at, updated_at)
                    VALUES (?, ?, ?, 'ACTIVE', ?, ?::text[], ?, ?, ?)""",
                    event.tenantId(), created.name(), created.slug(), created.plan().name(), SqlArrays.of(created.features()),
                    created.createdBy(), at, at);
        } else if (payload instanceof TenantProfileUpdated updated) {
            jdbc.update("UPDATE tenant_summary SET name = ?, slug = ?, updated_at = ? WHERE tenant_id = ?",
                    updated.name(), updated.slug(), at, event.tenantId());
        } else if (payload instanceof TenantSuspended) {
            status(event, "SUSPENDED", at);
        } else if (payload instanceof TenantReactivated) {
            status(event, "ACTIVE", at);
        } else if (payload instanceof TenantArchived) {
            status(event, "ARCHIVED", at);
        } else if (payload instanceof PlanChanged changed) {
            jdbc.update("UPDATE tenant_summary SET plan = ?, features = ?::text[], updated_at = ? WHERE tenant_id = ?",
                    changed.plan().name(), SqlArrays.of(changed.features()), at, event.tenantId());
        }
    }

    private void status(TenantEvent event, String status, Timestamp at) {
        jdbc.update("UPDATE tenant_summary SET status = ?, updated_at = ? WHERE tenant_id = ?", status, at, event.tenantId());
    }

}

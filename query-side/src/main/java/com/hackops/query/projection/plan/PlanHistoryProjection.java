package com.hackops.query.projection.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hackops.events.tenant.PlanChanged;
import com.hackops.events.tenant.TenantCreated;
import com.hackops.events.tenant.TenantImported;
import com.hackops.events.types.Limits;
import com.hackops.query.projection.SqlArrays;
import com.hackops.query.projection.TenantEvent;
import com.hackops.query.projection.TenantProjection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.Set;

/** Every plan a tenant had, with the limits and features it granted, who chose it and when. */
@Component
class PlanHistoryProjection implements TenantProjection {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    PlanHistoryProjection(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public void apply(TenantEvent event) {
        Object payload = event.payload();
        if (payload instanceof TenantCreated created) {
            insert(event, created.plan().name(), null, created.limits(), created.features(), Set.of(), created.createdBy());
        } else if (payload instanceof TenantImported imported) {
            // the plan is known from the import on: like billing, the history starts when the platform recorded it
            insert(event, imported.plan().name(), null, imported.limits(), imported.features(), Set.of(), imported.importedBy());
        } else if (payload instanceof PlanChanged changed) {
            insert(event, changed.plan().name(), changed.previousPlan().name(), changed.limits(), changed.features(),
                    changed.overLimit(), changed.changedBy());
        }
    }

    private void insert(TenantEvent event, String plan, String previous, Limits limits, Set<?> features,
                        Set<?> overLimit, String by) {
        jdbc.update("""
                INSERT INTO plan_history (tenant_id, sequence, plan, previous_plan, limits, features, over_limit, changed_by, changed_at)
                VALUES (?, ?, ?, ?, ?::jsonb, ?::text[], ?::text[], ?, ?)""",
                event.tenantId(), event.sequence(), plan, previous, write(limits), SqlArrays.of(features), SqlArrays.of(overLimit), by,
                Timestamp.from(event.occurredAt()));
    }

    private String write(Limits limits) {
        try {
            return json.writeValueAsString(limits);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}

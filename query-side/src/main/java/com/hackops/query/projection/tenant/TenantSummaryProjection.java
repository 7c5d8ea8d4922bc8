package com.hackops.query.projection.tenant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hackops.events.tenant.LimitsOverrideRemoved;
import com.hackops.events.tenant.LimitsOverridden;
import com.hackops.events.tenant.PlanChangeScheduled;
import com.hackops.events.tenant.PlanChanged;
import com.hackops.events.tenant.ScheduledPlanChangeCancelled;
import com.hackops.events.tenant.ScheduledPlanChangeFailed;
import com.hackops.events.tenant.TrialEnded;
import com.hackops.events.tenant.TrialStarted;
import com.hackops.events.types.Feature;
import com.hackops.events.tenant.TenantArchived;
import com.hackops.events.tenant.TenantCreated;
import com.hackops.events.tenant.TenantImported;
import com.hackops.events.tenant.TenantProfileUpdated;
import com.hackops.events.tenant.TenantReactivated;
import com.hackops.events.tenant.TenantSuspended;
import com.hackops.query.projection.SqlArrays;
import com.hackops.query.projection.TenantEvent;
import com.hackops.query.projection.TenantProjection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Profile, status, plan and effective features of each tenant, its negotiated override, pending schedule and trial. */
@Component
class TenantSummaryProjection implements TenantProjection {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    TenantSummaryProjection(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public void apply(TenantEvent event) {
        Timestamp at = Timestamp.from(event.occurredAt());
        Object payload = event.payload();
        if (payload instanceof TenantCreated created) {
            insert(event, created.name(), created.slug(), created.plan().name(), created.features(), created.createdBy(), at, at);
        } else if (payload instanceof TenantImported imported) {
            // an adopted tenant keeps the creation date it had elsewhere
            insert(event, imported.name(), imported.slug(), imported.plan().name(), imported.features(),
                    imported.importedBy(), Timestamp.from(imported.createdAt()), at);
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
            jdbc.update("UPDATE tenant_summary SET plan = ?, plan_features = ?::text[], updated_at = ? WHERE tenant_id = ?",
                    changed.plan().name(), SqlArrays.of(changed.features()), at, event.tenantId());
            if (changed.changedBy().startsWith("schedule:")) {
                schedule(event, null, null, at);
            }
            refreshFeatures(event, null);
        } else if (payload instanceof LimitsOverridden overridden) {
            jdbc.update("UPDATE tenant_summary SET feature_overrides = ?::jsonb, override_reason = ?, updated_at = ? WHERE tenant_id = ?",
                    overridesJson(overridden.features()), overridden.reason(), at, event.tenantId());
            refreshFeatures(event, overridden.features());
        } else if (payload instanceof LimitsOverrideRemoved) {
            jdbc.update("UPDATE tenant_summary SET feature_overrides = '{}', override_reason = NULL, updated_at = ? WHERE tenant_id = ?",
                    at, event.tenantId());
            refreshFeatures(event, Map.of());
        } else if (payload instanceof PlanChangeScheduled scheduled) {
            schedule(event, scheduled.plan().name(), Timestamp.from(scheduled.effectiveAt()), at);
        } else if (payload instanceof ScheduledPlanChangeCancelled || payload instanceof ScheduledPlanChangeFailed) {
            schedule(event, null, null, at);
        } else if (payload instanceof TrialStarted trial) {
            jdbc.update("UPDATE tenant_summary SET trial_plan = ?, trial_return_plan = ?, trial_ends_at = ?, updated_at = ? WHERE tenant_id = ?",
                    trial.trialPlan().name(), trial.returnPlan().name(), Timestamp.from(trial.endsAt()), at, event.tenantId());
        } else if (payload instanceof TrialEnded) {
            jdbc.update("UPDATE tenant_summary SET trial_plan = NULL, trial_return_plan = NULL, trial_ends_at = NULL, updated_at = ? WHERE tenant_id = ?",
                    at, event.tenantId());
        }
    }

    private void insert(TenantEvent event, String name, String slug, String plan, Set<Feature> features, String createdBy,
                        Timestamp createdAt, Timestamp at) {
        jdbc.update("""
                INSERT INTO tenant_summary (tenant_id, name, slug, status, plan, features, plan_features, created_by,
                                            created_at, updated_at)
                VALUES (?, ?, ?, 'ACTIVE', ?, ?::text[], ?::text[], ?, ?, ?)""",
                event.tenantId(), name, slug, plan, SqlArrays.of(features), SqlArrays.of(features), createdBy, createdAt, at);
    }

    private void schedule(TenantEvent event, String plan, Timestamp effectiveAt, Timestamp at) {
        jdbc.update("UPDATE tenant_summary SET scheduled_plan = ?, scheduled_at = ?, updated_at = ? WHERE tenant_id = ?",
                plan, effectiveAt, at, event.tenantId());
    }

    /** features = the plan's features with the negotiated grants and withdrawals applied. */
    private void refreshFeatures(TenantEvent event, Map<Feature, Boolean> overrides) {
        jdbc.query("SELECT plan_features, feature_overrides::text FROM tenant_summary WHERE tenant_id = ?", rs -> {
            Set<Feature> granted = SqlArrays.strings(rs.getArray(1)).stream().map(Feature::valueOf)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(Feature.class)));
            Map<Feature, Boolean> current = overrides != null ? overrides : readOverrides(rs.getString(2));
            jdbc.update("UPDATE tenant_summary SET features = ?::text[] WHERE tenant_id = ?",
                    SqlArrays.of(Feature.effective(granted, current)), event.tenantId());
        }, event.tenantId());
    }

    private Map<Feature, Boolean> readOverrides(String json) {
        try {
            Map<Feature, Boolean> overrides = new EnumMap<>(Feature.class);
            this.json.readTree(json).fields().forEachRemaining(e -> overrides.put(Feature.valueOf(e.getKey()), e.getValue().asBoolean()));
            return overrides;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String overridesJson(Map<Feature, Boolean> overrides) {
        try {
            return json.writeValueAsString(new java.util.TreeMap<>(overrides));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void status(TenantEvent event, String status, Timestamp at) {
        jdbc.update("UPDATE tenant_summary SET status = ?, updated_at = ? WHERE tenant_id = ?", status, at, event.tenantId());
    }

}

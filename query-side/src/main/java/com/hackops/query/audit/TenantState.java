package com.hackops.query.audit;

import com.hackops.events.membership.MemberAdded;
import com.hackops.events.membership.MemberRemoved;
import com.hackops.events.membership.MemberRoleChanged;
import com.hackops.events.tenant.LimitsOverrideRemoved;
import com.hackops.events.tenant.LimitsOverridden;
import com.hackops.events.tenant.PlanChanged;
import com.hackops.events.tenant.TenantArchived;
import com.hackops.events.tenant.TenantCreated;
import com.hackops.events.tenant.TenantImported;
import com.hackops.events.tenant.TenantProfileUpdated;
import com.hackops.events.tenant.TenantReactivated;
import com.hackops.events.tenant.TenantSuspended;
import com.hackops.events.types.Feature;
import com.hackops.events.types.Limits;
import com.hackops.events.types.Metric;
import com.hackops.events.types.Role;
import com.hackops.events.usage.UsageChange;
import com.hackops.events.usage.UsageTracked;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A tenant rebuilt in memory from its events alone — the independent second opinion audits compare the read models
 * with. It shares no code with the projections on purpose.
 */
public final class TenantState {

    private String name;
    private String slug;
    private String status;
    private String plan;
    private Limits limits;
    private Set<Feature> features = Set.of();
    private Map<Metric, Long> overrideLimits = Map.of();
    private Map<Feature, Boolean> overrideFeatures = Map.of();
    private final Map<String, Role> members = new TreeMap<>();
    private final Map<Metric, Long> used = new EnumMap<>(Metric.class);
    private long sequence = -1;
    private long position = -1;
    private String lastChangedBy;

    public TenantState() {
        for (Metric metric : Metric.values()) {
            used.put(metric, 0L);
        }
    }

    public void apply(StoredEvent event) {
        Object payload = event.payload();
        if (payload instanceof TenantCreated e) {
            name = e.name();
            slug = e.slug();
            status = "ACTIVE";
            plan = e.plan().name();
            limits = e.limits();
            features = e.features();
            lastChangedBy = e.createdBy();
        } else if (payload instanceof TenantImported e) {
            name = e.name();
            slug = e.slug();
            status = "ACTIVE";
            plan = e.plan().name();
            limits = e.limits();
            features = e.features();
            lastChangedBy = e.importedBy();
        } else if (payload instanceof TenantProfileUpdated e) {
            name = e.name();
            slug = e.slug();
        } else if (payload instanceof TenantSuspended) {
            status = "SUSPENDED";
        } else if (payload instanceof TenantReactivated) {
            status = "ACTIVE";
        } else if (payload instanceof TenantArchived) {
            status = "ARCHIVED";
        } else if (payload instanceof PlanChanged e) {
            plan = e.plan().name();
            limits = e.limits();
            features = e.features();
            lastChangedBy = e.changedBy();
        } else if (payload instanceof LimitsOverridden e) {
            overrideLimits = e.limits();
            overrideFeatures = e.features();
            lastChangedBy = e.overriddenBy();
        } else if (payload instanceof LimitsOverrideRemoved e) {
            overrideLimits = Map.of();
            overrideFeatures = Map.of();
            lastChangedBy = e.removedBy();
        } else if (payload instanceof MemberAdded e) {
            members.put(e.userId(), e.role());
        } else if (payload instanceof MemberRoleChanged e) {
            members.put(e.userId(), e.role());
        } else if (payload instanceof MemberRemoved e) {
            members.remove(e.userId());
        } else if (payload instanceof UsageTracked e) {
            for (UsageChange change : e.changes()) {
                used.put(change.metric(), change.used());
            }
        }
        used.put(Metric.ADMINS, members.values().stream().filter(Role::occupiesAdminSeat).count());
        sequence = event.sequence();
        position = event.position();
    }

    public boolean exists() {
        return status != null;
    }

    public String name() {
        return name;
    }

    public String slug() {
        return slug;
    }

    public String status() {
        return status;
    }

    public String plan() {
        return plan;
    }

    /** The effective limits: the plan's grant overlaid with a negotiated override. */
    public Limits limits() {
        return limits == null ? null : limits.overriddenBy(overrideLimits);
    }

    /** The effective features. */
    public Set<Feature> features() {
        return Feature.effective(features, overrideFeatures);
    }

    public Map<String, Role> members() {
        return members;
    }

    public long used(Metric metric) {
        return used.get(metric);
    }

    public long sequence() {
        return sequence;
    }

    public long position() {
        return position;
    }

    public String lastChangedBy() {
        return lastChangedBy;
    }
}

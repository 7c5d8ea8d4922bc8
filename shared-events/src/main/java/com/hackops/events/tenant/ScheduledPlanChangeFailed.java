package com.hackops.events.tenant;

import com.hackops.events.types.Metric;
import com.hackops.events.types.Plan;
import com.hackops.events.types.TenantId;
import org.axonframework.serialization.Revision;

import java.util.Set;

/**
 * At its instant, a scheduled downgrade did not fit the usage and was not forced: nothing changed.
 */
@Revision("1")
public record ScheduledPlanChangeFailed(TenantId tenantId, String scheduleId, Plan plan, Set<Metric> exceeded) {
}

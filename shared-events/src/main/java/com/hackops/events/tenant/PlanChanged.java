package com.hackops.events.tenant;

import com.hackops.events.types.Feature;
import com.hackops.events.types.Limits;
import com.hackops.events.types.Metric;
import com.hackops.events.types.Plan;
import com.hackops.events.types.TenantId;
import org.axonframework.serialization.Revision;

import java.util.Set;

/**
 * The tenant moved to another plan. It carries what the plan grants so that the effective limits at any
 * moment can be rebuilt from the events alone. {@code overLimit} lists the metrics whose usage the new limits
 * no longer cover (only possible when the caller forced the change).
 */
@Revision("1")
public record PlanChanged(TenantId tenantId, Plan previousPlan, Plan plan, Limits limits, Set<Feature> features,
                          Set<Metric> overLimit, String changedBy) {
}

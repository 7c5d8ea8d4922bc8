package com.hackops.events.tenant;

import com.hackops.events.types.Plan;
import com.hackops.events.types.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The tenant tries {@code trialPlan} until {@code endsAt} and then returns to {@code returnPlan}; the plan
 * itself changes through the {@code PlanChanged} that follows.
 */
@Revision("1")
public record TrialStarted(TenantId tenantId, Plan trialPlan, Plan returnPlan, Instant endsAt, String startedBy) {
}

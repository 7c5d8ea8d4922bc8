package com.hackops.events.tenant;

import com.hackops.events.types.Plan;
import com.hackops.events.types.TenantId;
import org.axonframework.serialization.Revision;

/**
 * The trial is over: it expired ({@code expired}) or the owner chose a plan. The plan change follows.
 */
@Revision("1")
public record TrialEnded(TenantId tenantId, Plan trialPlan, Plan returnPlan, boolean expired) {
}

package com.hackops.command.tenant;

import com.hackops.command.security.Caller;
import com.hackops.events.types.Plan;
import com.hackops.events.types.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Move to another plan. A downgrade below current usage is refused unless {@code allowOverLimit}. */
public record ChangePlan(@TargetAggregateIdentifier TenantId tenantId, Plan plan, boolean allowOverLimit, Caller caller) {
}

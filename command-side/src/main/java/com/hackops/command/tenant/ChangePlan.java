package com.hackops.command.tenant;

import com.hackops.events.types.Plan;
import com.hackops.events.types.TenantId;
import com.hackops.platform.security.Caller;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Move to another plan. A downgrade below current usage is refused unless {@code allowOverLimit}. */
public record ChangePlan(@TargetAggregateIdentifier TenantId tenantId, Plan plan, boolean allowOverLimit, Caller caller) {
}

package com.hackops.command.tenant;

import com.hackops.events.types.Plan;
import com.hackops.events.types.TenantId;
import com.hackops.platform.security.Caller;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Try a higher paid plan for {@code days} days, then return to the current one (OWNER). */
public record StartTrial(@TargetAggregateIdentifier TenantId tenantId, Plan plan, int days, Caller caller) {
}

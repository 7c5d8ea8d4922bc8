package com.hackops.command.tenant;

import com.hackops.events.types.TenantId;
import com.hackops.platform.security.Caller;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Withdraw the pending scheduled plan change (OWNER). */
public record CancelScheduledPlanChange(@TargetAggregateIdentifier TenantId tenantId, Caller caller) {
}

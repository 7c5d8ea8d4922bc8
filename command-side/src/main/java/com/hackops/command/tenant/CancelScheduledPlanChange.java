package com.hackops.command.tenant;

import com.hackops.command.security.Caller;
import com.hackops.events.types.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Withdraw the pending scheduled plan change (OWNER). */
public record CancelScheduledPlanChange(@TargetAggregateIdentifier TenantId tenantId, Caller caller) {
}

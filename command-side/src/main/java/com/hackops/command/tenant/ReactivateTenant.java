package com.hackops.command.tenant;

import com.hackops.command.security.Caller;
import com.hackops.events.types.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Lift a suspension (OWNER only). */
public record ReactivateTenant(@TargetAggregateIdentifier TenantId tenantId, Caller caller) {
}

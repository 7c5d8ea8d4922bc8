package com.hackops.command.tenant;

import com.hackops.events.types.TenantId;
import com.hackops.platform.security.Caller;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Lift a suspension (OWNER only). */
public record ReactivateTenant(@TargetAggregateIdentifier TenantId tenantId, Caller caller) {
}

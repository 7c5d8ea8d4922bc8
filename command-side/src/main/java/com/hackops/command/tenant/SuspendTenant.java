package com.hackops.command.tenant;

import com.hackops.events.types.TenantId;
import com.hackops.platform.security.Caller;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Suspend the tenant (OWNER only). */
public record SuspendTenant(@TargetAggregateIdentifier TenantId tenantId, Caller caller) {
}

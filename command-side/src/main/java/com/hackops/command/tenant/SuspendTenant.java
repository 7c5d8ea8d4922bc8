package com.hackops.command.tenant;

import com.hackops.command.security.Caller;
import com.hackops.events.types.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Suspend the tenant (OWNER only). */
public record SuspendTenant(@TargetAggregateIdentifier TenantId tenantId, Caller caller) {
}

package com.hackops.command.tenant;

import com.hackops.command.security.Caller;
import com.hackops.events.types.Plan;
import com.hackops.events.types.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Create a tenant; the caller becomes its OWNER. */
public record CreateTenant(@TargetAggregateIdentifier TenantId tenantId, String name, String slug, Plan plan, Caller caller) {
}

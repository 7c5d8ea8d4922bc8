package com.hackops.command.tenant;

import com.hackops.events.types.Plan;
import com.hackops.events.types.TenantId;
import com.hackops.platform.security.Caller;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Create a tenant; the caller becomes its OWNER, with the e-mail of their token and {@code ownerDisplayName} (the
 * token's {@code name}, optional) as their personal data.
 */
public record CreateTenant(@TargetAggregateIdentifier TenantId tenantId, String name, String slug, Plan plan,
                           String ownerDisplayName, Caller caller) {
}

package com.hackops.command.tenant;

import com.hackops.command.security.Caller;
import com.hackops.events.types.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Archive the tenant for good (OWNER only). */
public record ArchiveTenant(@TargetAggregateIdentifier TenantId tenantId, Caller caller) {
}

package com.hackops.command.tenant;

import com.hackops.events.types.TenantId;
import com.hackops.platform.security.Caller;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Archive the tenant for good (OWNER only). */
public record ArchiveTenant(@TargetAggregateIdentifier TenantId tenantId, Caller caller) {
}

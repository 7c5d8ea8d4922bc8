package com.hackops.command.tenant;

import com.hackops.events.types.TenantId;
import com.hackops.platform.security.Caller;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Change the name and/or the slug; a {@code null} field keeps its value. */
public record UpdateTenantProfile(@TargetAggregateIdentifier TenantId tenantId, String name, String slug, Caller caller) {
}

package com.hackops.command.membership;

import com.hackops.events.types.TenantId;
import com.hackops.platform.security.Caller;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Remove a member from the tenant. */
public record RemoveMember(@TargetAggregateIdentifier TenantId tenantId, String userId, Caller caller) {
}

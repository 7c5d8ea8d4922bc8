package com.hackops.command.membership;

import com.hackops.command.security.Caller;
import com.hackops.events.types.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Remove a member from the tenant. */
public record RemoveMember(@TargetAggregateIdentifier TenantId tenantId, String userId, Caller caller) {
}

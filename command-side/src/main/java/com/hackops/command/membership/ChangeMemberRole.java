package com.hackops.command.membership;

import com.hackops.command.security.Caller;
import com.hackops.events.types.Role;
import com.hackops.events.types.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Give a member another role. */
public record ChangeMemberRole(@TargetAggregateIdentifier TenantId tenantId, String userId, Role role, Caller caller) {
}

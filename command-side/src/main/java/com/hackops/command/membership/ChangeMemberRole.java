package com.hackops.command.membership;

import com.hackops.events.types.Role;
import com.hackops.events.types.TenantId;
import com.hackops.platform.security.Caller;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Give a member another role. */
public record ChangeMemberRole(@TargetAggregateIdentifier TenantId tenantId, String userId, Role role, Caller caller) {
}

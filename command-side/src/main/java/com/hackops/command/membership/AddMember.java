package com.hackops.command.membership;

import com.hackops.events.types.Role;
import com.hackops.events.types.TenantId;
import com.hackops.platform.security.Caller;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Add a user to the tenant with a role; {@code email} and {@code displayName} are optional. */
public record AddMember(@TargetAggregateIdentifier TenantId tenantId, String userId, String email, String displayName,
                        Role role, Caller caller) {
}

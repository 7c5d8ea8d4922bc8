package com.hackops.events.membership;

import com.hackops.events.types.Role;
import com.hackops.events.types.TenantId;
import org.axonframework.serialization.Revision;

/**
 * A user joined the tenant with a role.
 */
@Revision("1")
public record MemberAdded(TenantId tenantId, String userId, String email, Role role, String addedBy) {
}

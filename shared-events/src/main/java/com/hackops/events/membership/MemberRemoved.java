package com.hackops.events.membership;

import com.hackops.events.types.Role;
import com.hackops.events.types.TenantId;
import org.axonframework.serialization.Revision;

/**
 * A member left the tenant; {@code role} is the role they held.
 */
@Revision("1")
public record MemberRemoved(TenantId tenantId, String userId, Role role, String removedBy) {
}

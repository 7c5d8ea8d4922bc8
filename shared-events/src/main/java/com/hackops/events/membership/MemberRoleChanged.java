package com.hackops.events.membership;

import com.hackops.events.types.Role;
import com.hackops.events.types.TenantId;
import org.axonframework.serialization.Revision;

/**
 * A member's role changed.
 */
@Revision("1")
public record MemberRoleChanged(TenantId tenantId, String userId, Role previousRole, Role role, String changedBy) {
}

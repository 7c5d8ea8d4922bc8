package com.hackops.events.membership;

import com.hackops.events.types.TenantId;
import org.axonframework.serialization.Revision;

/**
 * A person's e-mail and display name in this tenant were erased at their or an administrator's request: their key
 * is deleted, so what {@link MemberAdded} sealed with it can no longer be read anywhere. The event records the
 * erasure, never the data. Membership and role are unchanged.
 */
@Revision("1")
public record PersonalDataErased(TenantId tenantId, String userId, String erasedBy) {
}

package com.hackops.events.membership;

import com.hackops.events.personaldata.SealedPersonalData;
import com.hackops.events.types.Role;
import com.hackops.events.types.TenantId;
import org.axonframework.serialization.Revision;

/**
 * A user joined the tenant with a role. Their e-mail and display name are never in the event in plain text:
 * {@code personalData} holds them sealed with the person's key, which lives outside the event store and is deleted
 * when the person is erased ({@link PersonalDataErased}). It is {@code null} only for a member recorded as revision 1,
 * whose plain e-mail could not be sealed when read (no key): readers show {@code PersonalData.ERASED} for them.
 * <p>
 * Revision 1 was {@code (tenantId, userId, email, role, addedBy)}.
 */
@Revision("2")
public record MemberAdded(TenantId tenantId, String userId, SealedPersonalData personalData, Role role, String addedBy) {
}

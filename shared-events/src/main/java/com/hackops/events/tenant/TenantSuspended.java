package com.hackops.events.tenant;

import com.hackops.events.types.TenantId;
import org.axonframework.serialization.Revision;

/**
 * The tenant is suspended: usage increments and membership changes are refused until it is reactivated.
 */
@Revision("1")
public record TenantSuspended(TenantId tenantId, String suspendedBy) {
}

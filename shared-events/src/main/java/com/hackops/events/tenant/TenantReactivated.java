package com.hackops.events.tenant;

import com.hackops.events.types.TenantId;
import org.axonframework.serialization.Revision;

/**
 * A suspended tenant is active again.
 */
@Revision("1")
public record TenantReactivated(TenantId tenantId, String reactivatedBy) {
}

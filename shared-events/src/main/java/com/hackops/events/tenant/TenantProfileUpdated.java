package com.hackops.events.tenant;

import com.hackops.events.types.TenantId;
import org.axonframework.serialization.Revision;

/**
 * The tenant's name or slug changed; both carry their new values.
 */
@Revision("1")
public record TenantProfileUpdated(TenantId tenantId, String name, String slug, String updatedBy) {
}

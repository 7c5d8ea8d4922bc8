package com.hackops.events.tenant;

import com.hackops.events.types.TenantId;
import org.axonframework.serialization.Revision;

/**
 * The tenant is archived: it refuses every further change. Its history stays for audits.
 */
@Revision("1")
public record TenantArchived(TenantId tenantId, String archivedBy) {
}

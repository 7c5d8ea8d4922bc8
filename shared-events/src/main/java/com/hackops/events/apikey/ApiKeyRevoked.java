package com.hackops.events.apikey;

import com.hackops.events.types.TenantId;
import org.axonframework.serialization.Revision;

import java.util.UUID;

/** An API key of the tenant was revoked; from the revoking transaction's commit on, it authenticates nothing. */
@Revision("1")
public record ApiKeyRevoked(TenantId tenantId, UUID keyId, String revokedBy) {
}

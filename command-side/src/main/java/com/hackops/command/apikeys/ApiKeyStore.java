package com.hackops.command.apikeys;

import com.hackops.events.types.ApiKeyScope;
import com.hackops.events.types.TenantId;

import java.util.Set;
import java.util.UUID;

/**
 * The API keys' hashes, which authentication looks up and which must never stand in an event. Written in the
 * transaction of the command that appends the tenant's {@code ApiKeyIssued}/{@code ApiKeyRevoked}, so the table and
 * the stream commit or roll back together.
 */
public interface ApiKeyStore {

    void store(TenantId tenantId, UUID keyId, String name, Set<ApiKeyScope> scopes, byte[] secretHash, String shown,
               String createdBy);

    void revoke(TenantId tenantId, UUID keyId, String revokedBy);
}

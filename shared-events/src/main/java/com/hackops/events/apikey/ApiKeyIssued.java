package com.hackops.events.apikey;

import com.hackops.events.types.ApiKeyScope;
import com.hackops.events.types.TenantId;
import org.axonframework.serialization.Revision;

import java.util.Set;
import java.util.UUID;

/**
 * An OWNER or ADMIN issued an API key for the tenant. The event names the key and what it may do; the secret and its
 * hash never stand in an event ({@code prefix} is the secret's first characters, enough to recognise a key in a list).
 */
@Revision("1")
public record ApiKeyIssued(TenantId tenantId, UUID keyId, String name, Set<ApiKeyScope> scopes, String prefix,
                           String issuedBy) {
}

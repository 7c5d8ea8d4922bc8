package com.hackops.query.security;

import com.hackops.events.types.ApiKeyScope;

import java.util.Set;
import java.util.UUID;

/** What a verified API key grants here: the reads of one tenant, when it has the {@code read} scope. */
public record ApiKeyGrant(UUID keyId, UUID tenantId, Set<ApiKeyScope> scopes) {

    public ApiKeyGrant {
        scopes = Set.copyOf(scopes);
    }

    public boolean reads(UUID tenant) {
        return tenantId.equals(tenant) && scopes.contains(ApiKeyScope.READ);
    }

    /** The caller id a key acts as in logs and rate limits. */
    public String callerId() {
        return "apikey:" + keyId;
    }
}

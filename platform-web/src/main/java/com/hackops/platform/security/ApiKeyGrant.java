package com.hackops.platform.security;


import com.hackops.events.types.ApiKeyScope;
import java.util.Set;
import java.util.UUID;

/**
 * What a verified API key grants: one tenant, and the operations of its scopes there ({@code usage:write}: report
 * usage on the command side; {@code read}: a tenant's reads on the query side).
 */
public record ApiKeyGrant(UUID keyId, UUID tenantId, Set<ApiKeyScope> scopes) {

    public ApiKeyGrant {
        scopes = Set.copyOf(scopes);
    }

    /** Whether the key may act in {@code tenant} within {@code scope}: never in another tenant, whatever its scopes. */
    public boolean grants(UUID tenant, ApiKeyScope scope) {
        return tenantId.equals(tenant) && scopes.contains(scope);
    }

    /** The caller id a key acts as in events ({@code issuedBy}, {@code reportedBy}, …), logs and rate limits. */
    public String callerId() {
        return "apikey:" + keyId;
    }
}

package com.hackops.command.security;

import com.hackops.events.types.ApiKeyScope;

import java.util.Set;
import java.util.UUID;

/**
 * What a verified API key grants: one tenant, and the operations of its scopes there ({@code usage:write}: report
 * usage; {@code read}: the reads of the query side).
 */
public record ApiKeyGrant(UUID keyId, UUID tenantId, Set<ApiKeyScope> scopes) {

    public ApiKeyGrant {
        scopes = Set.copyOf(scopes);
    }

    public boolean allows(Permission permission) {
        return switch (permission) {
            case TRACK_USAGE -> scopes.contains(ApiKeyScope.USAGE_WRITE);
            case READ -> scopes.contains(ApiKeyScope.READ);
            default -> false;
        };
    }

    /** The caller id a key acts as in events ({@code issuedBy}, {@code reportedBy}, …) and rate limits. */
    public String callerId() {
        return "apikey:" + keyId;
    }
}

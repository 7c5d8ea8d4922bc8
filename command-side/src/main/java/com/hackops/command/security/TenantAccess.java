package com.hackops.command.security;

import com.hackops.command.rejection.RejectionKind;
import com.hackops.command.rejection.Rejections;
import com.hackops.events.types.ApiKeyScope;
import com.hackops.events.types.Role;
import com.hackops.events.types.TenantId;
import com.hackops.platform.security.Caller;

import java.util.Map;

/**
 * Applies the permission matrix to a caller. A caller who is not a member learns nothing: the tenant is
 * "not found", exactly as if it did not exist. An API key acts only in its own tenant (elsewhere it, too, finds
 * nothing) and only within its scopes.
 */
public final class TenantAccess {

    private TenantAccess() {
    }

    public static void require(Caller caller, TenantId tenantId, Map<String, Role> members, Permission permission) {
        if (caller.platformAdmin()) {
            return;
        }
        if (caller.apiKey() != null) {
            if (!caller.apiKey().tenantId().equals(tenantId.value())) {
                throw Rejections.tenantNotFound();
            }
            ApiKeyScope scope = permission.apiKeyScope();
            if (scope == null || !caller.apiKey().grants(tenantId.value(), scope)) {
                throw Rejections.of(RejectionKind.FORBIDDEN, "This API key's scopes may not %s."
                        .formatted(permission.name().toLowerCase().replace('_', ' ')));
            }
            return;
        }
        Role role = members.get(caller.userId());
        if (role == null) {
            throw Rejections.tenantNotFound();
        }
        if (!permission.grantedTo(role)) {
            throw Rejections.of(RejectionKind.FORBIDDEN,
                    "Your role %s may not %s.".formatted(role, permission.name().toLowerCase().replace('_', ' ')));
        }
    }
}

package com.hackops.command.security;

import com.hackops.command.rejection.RejectionKind;
import com.hackops.command.rejection.Rejections;
import com.hackops.events.types.Role;

import java.util.Map;

/**
 * Applies the permission matrix to a caller. A caller who is not a member learns nothing: the tenant is
 * "not found", exactly as if it did not exist.
 */
public final class TenantAccess {

    private TenantAccess() {
    }

    public static void require(Caller caller, Map<String, Role> members, Permission permission) {
        if (caller.platformAdmin()) {
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

package com.hackops.command.security;

import com.hackops.events.types.ApiKeyScope;
import com.hackops.events.types.Role;

import java.util.EnumSet;
import java.util.Set;

import static com.hackops.events.types.Role.ADMIN;
import static com.hackops.events.types.Role.MEMBER;
import static com.hackops.events.types.Role.OWNER;
import static com.hackops.events.types.Role.VIEWER;

/**
 * The permission matrix: which tenant roles may perform an operation. Platform admins may perform all of them.
 * The README prints this table; keep the two in step.
 */
public enum Permission {
    READ(OWNER, ADMIN, MEMBER, VIEWER),
    TRACK_USAGE(OWNER, ADMIN, MEMBER),
    MANAGE_MEMBERS(OWNER, ADMIN),
    UPDATE_PROFILE(OWNER, ADMIN),
    /** Erase a member's e-mail and display name (crypto-shredding); every person may also erase their own. */
    ERASE_PERSONAL_DATA(OWNER, ADMIN),
    CHANGE_PLAN(OWNER),
    SUSPEND(OWNER),
    REACTIVATE(OWNER),
    ARCHIVE(OWNER),
    /** Issue and revoke the tenant's API keys (machine clients). */
    MANAGE_API_KEYS(OWNER, ADMIN),
    /** Negotiated limits and features: platform admins only, no tenant role may. */
    OVERRIDE_LIMITS;

    private final Set<Role> roles;

    Permission(Role... roles) {
        this.roles = roles.length == 0 ? EnumSet.noneOf(Role.class) : EnumSet.of(roles[0], roles);
    }

    public boolean grantedTo(Role role) {
        return roles.contains(role);
    }

    /** The API-key scope that grants this operation ({@code usage:write}, {@code read}); none for every other one. */
    public ApiKeyScope apiKeyScope() {
        return switch (this) {
            case TRACK_USAGE -> ApiKeyScope.USAGE_WRITE;
            case READ -> ApiKeyScope.READ;
            default -> null;
        };
    }
}

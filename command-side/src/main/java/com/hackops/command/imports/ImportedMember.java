package com.hackops.command.imports;

import com.hackops.events.types.Role;

/**
 * A member of an imported tenant: the user id tokens carry as {@code sub}, an optional e-mail and display name, the
 * role.
 */
public record ImportedMember(String userId, String email, String displayName, Role role) {
}

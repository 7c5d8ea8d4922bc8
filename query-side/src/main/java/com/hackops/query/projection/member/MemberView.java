package com.hackops.query.projection.member;

import java.time.Instant;

/** A member; {@code email} and {@code displayName} are {@code "[erased]"} once the person's data was erased. */
public record MemberView(String userId, String email, String displayName, String role, Instant addedAt) {
}

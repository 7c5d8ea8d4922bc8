package com.hackops.query.projection.member;

import java.time.Instant;

public record MemberView(String userId, String email, String role, Instant addedAt) {
}

package com.hackops.query.security;

import java.util.Objects;

/**
 * The verified caller of a query, taken from the bearer token and nothing else. Which tenants they may read is
 * decided by their membership rows in the read model (or {@code platformAdmin}).
 */
public record Caller(String userId, boolean platformAdmin, String email) {

    public Caller {
        Objects.requireNonNull(userId, "userId");
    }
}

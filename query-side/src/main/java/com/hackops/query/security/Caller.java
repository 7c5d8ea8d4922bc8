package com.hackops.query.security;

import java.util.Objects;

/**
 * The verified caller of a query, taken from the bearer token and nothing else. Which tenants they may read is
 * decided by their membership rows in the read model (or {@code platformAdmin}); a machine client with an API key
 * ({@code apiKey} set) reads only its key's tenant, and only with the {@code read} scope.
 */
public record Caller(String userId, boolean platformAdmin, String email, ApiKeyGrant apiKey) {

    public Caller {
        Objects.requireNonNull(userId, "userId");
        if (apiKey != null && platformAdmin) {
            throw new IllegalArgumentException("an API key is never a platform admin");
        }
    }

    /** A person, from a token. */
    public Caller(String userId, boolean platformAdmin, String email) {
        this(userId, platformAdmin, email, null);
    }

    /** A machine client, from an API key. */
    public static Caller of(ApiKeyGrant key) {
        return new Caller(key.callerId(), false, null, key);
    }
}

package com.hackops.platform.security;

import java.util.Objects;

/**
 * The verified caller of a request, taken from the bearer token and nothing else. A machine client calling with an
 * API key has {@code apiKey} set (and the key's caller id as {@code userId}); a person has none. On the command side
 * commands carry it, so the aggregate, which knows the members and their roles, decides what the caller may do; on
 * the query side the membership rows of the read model (or {@code platformAdmin}) decide which tenants it may read.
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

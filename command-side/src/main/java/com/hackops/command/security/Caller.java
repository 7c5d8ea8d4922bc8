package com.hackops.command.security;

import java.util.Objects;

/**
 * The verified caller of a command, taken from the bearer token and nothing else. Commands carry it so the
 * aggregate, which knows the members and their roles, decides what the caller may do. A machine client calling with
 * an API key has {@code apiKey} set (and the key's caller id as {@code userId}); a person has none.
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

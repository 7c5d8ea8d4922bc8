package com.hackops.command.security;

import java.util.Objects;

/**
 * The verified caller of a command, taken from the bearer token and nothing else. Commands carry it so the
 * aggregate, which knows the members and their roles, decides what the caller may do.
 */
public record Caller(String userId, boolean platformAdmin, String email) {

    public Caller {
        Objects.requireNonNull(userId, "userId");
    }
}

package com.hackops.events.types;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/**
 * Identity of a tenant. It validates itself, so a {@code TenantId} in hand is always a well-formed UUID.
 * On the wire it is the bare UUID string (the annotations are compile-time only; see docs/architecture.md).
 */
public record TenantId(UUID value) {

    public TenantId {
        Objects.requireNonNull(value, "tenant id");
    }

    public static TenantId random() {
        return new TenantId(UUID.randomUUID());
    }

    /** @throws IllegalArgumentException when {@code text} is not a UUID */
    @JsonCreator
    public static TenantId of(String text) {
        if (text == null || text.length() != 36) {
            throw new IllegalArgumentException("tenant id must be a UUID: " + text);
        }
        return new TenantId(UUID.fromString(text));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}

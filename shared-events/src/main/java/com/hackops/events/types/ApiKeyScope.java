package com.hackops.events.types;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a tenant's API key may do. Keys are for machine clients (the services that report usage); everything that
 * changes the tenant itself needs a person's token.
 */
public enum ApiKeyScope {
    /** report usage (single and batch) */
    USAGE_WRITE("usage:write"),
    /** read the tenant's profile, usage, usage history, alerts and plan history */
    READ("read");

    private final String label;

    ApiKeyScope(String label) {
        this.label = label;
    }

    /** The scope as clients write it: {@code usage:write}, {@code read}. */
    public String label() {
        return label;
    }

    /** The scopes as the {@code api_key.scopes} column holds them (a text array of enum names, sorted). */
    public static String[] stored(Set<ApiKeyScope> scopes) {
        return scopes.stream().map(Enum::name).sorted().toArray(String[]::new);
    }

    /** The scopes of an {@code api_key.scopes} value. */
    public static Set<ApiKeyScope> fromStored(String[] names) {
        Set<ApiKeyScope> scopes = EnumSet.noneOf(ApiKeyScope.class);
        Arrays.stream(names).map(ApiKeyScope::valueOf).forEach(scopes::add);
        return scopes;
    }

    public static Optional<ApiKeyScope> ofLabel(String label) {
        return Arrays.stream(values()).filter(scope -> scope.label.equals(label)).findFirst();
    }
}

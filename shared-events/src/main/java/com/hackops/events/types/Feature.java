package com.hackops.events.types;

/** Feature flags a plan (or, later, a negotiated override) grants. Documented in the README plan table. */
public enum Feature {
    /** Tenant logo, colours and domain on event pages. */
    CUSTOM_BRANDING,
    /** Programmatic access for the tenant's own tools. */
    API_ACCESS,
    /** Judging analytics and participant funnels. */
    ADVANCED_ANALYTICS,
    /** Outbound notifications to endpoints the tenant registers. */
    WEBHOOKS,
    /** Single sign-on for the tenant's members. */
    SSO,
    /** Support answered within business hours. */
    PRIORITY_SUPPORT,
    /** Export of the tenant's audit trail. */
    AUDIT_EXPORT;

    /** The plan's features with negotiated grants ({@code true}) and withdrawals ({@code false}) applied. */
    public static java.util.Set<Feature> effective(java.util.Set<Feature> granted, java.util.Map<Feature, Boolean> overrides) {
        java.util.EnumSet<Feature> effective = java.util.EnumSet.noneOf(Feature.class);
        effective.addAll(granted);
        overrides.forEach((feature, on) -> {
            if (on) {
                effective.add(feature);
            } else {
                effective.remove(feature);
            }
        });
        return java.util.Collections.unmodifiableSet(effective);
    }
}

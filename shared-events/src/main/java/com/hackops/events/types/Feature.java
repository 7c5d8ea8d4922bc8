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
    AUDIT_EXPORT
}

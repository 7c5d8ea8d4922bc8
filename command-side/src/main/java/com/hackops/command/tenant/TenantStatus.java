package com.hackops.command.tenant;

/** Lifecycle state of a tenant, derived from its events. */
enum TenantStatus {
    ACTIVE,
    SUSPENDED,
    ARCHIVED
}

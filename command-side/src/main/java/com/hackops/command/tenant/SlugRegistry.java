package com.hackops.command.tenant;

import com.hackops.events.types.TenantId;

/**
 * Slugs are unique across tenants, a rule no single aggregate can check. The registry reserves a slug in the
 * same transaction that appends the tenant's event, so a refused or failed command leaves no reservation.
 */
public interface SlugRegistry {

    /**
     * Reserves {@code slug} for {@code tenantId} and releases the tenant's previous slug.
     *
     * @throws com.hackops.command.rejection.Rejection of kind SLUG_TAKEN when another tenant holds it
     */
    void claim(String slug, TenantId tenantId);
}

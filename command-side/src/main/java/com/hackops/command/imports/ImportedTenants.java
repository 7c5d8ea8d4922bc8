package com.hackops.command.imports;

import com.hackops.events.types.TenantId;

/**
 * Which exported rows became which tenants, a rule across tenants like slug uniqueness: the import handler records
 * its row in the same transaction that appends the tenant's events, so a row is adopted at most once even when two
 * imports of the same file race.
 */
public interface ImportedTenants {

    /**
     * Records that row {@code externalId} of {@code source} became {@code tenantId}.
     *
     * @throws com.hackops.command.rejection.Rejection of kind ALREADY_IMPORTED when the row was imported before
     */
    void record(String source, String externalId, TenantId tenantId);
}

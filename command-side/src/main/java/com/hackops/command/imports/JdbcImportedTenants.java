package com.hackops.command.imports;

import com.hackops.command.rejection.RejectionKind;
import com.hackops.command.rejection.Rejections;
import com.hackops.events.types.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Imported rows in {@code tenant_import}. {@link #record} runs inside the import command's transaction (Axon binds it
 * to the thread), so the row is recorded exactly when the tenant's events commit; a concurrent import of the same row
 * waits on the primary key and then sees the winner. The lookups serve the import report before any command is sent.
 */
@Component
class JdbcImportedTenants implements ImportedTenants {

    private final JdbcTemplate jdbc;

    JdbcImportedTenants(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void record(String source, String externalId, TenantId tenantId) {
        int inserted = jdbc.update("""
                INSERT INTO tenant_import (source, external_id, tenant_id) VALUES (?, ?, ?)
                ON CONFLICT (source, external_id) DO NOTHING""", source, externalId, tenantId.value());
        if (inserted == 0) {
            TenantId earlier = find(source, externalId).orElseThrow();
            throw Rejections.of(RejectionKind.ALREADY_IMPORTED, "Row '%s' of '%s' was imported before as tenant %s."
                    .formatted(externalId, source, earlier), Map.of("tenantId", earlier.toString()));
        }
    }

    /** The tenant an exported row became, if it was imported. */
    Optional<TenantId> find(String source, String externalId) {
        return jdbc.queryForList("SELECT tenant_id FROM tenant_import WHERE source = ? AND external_id = ?", UUID.class,
                source, externalId).stream().findFirst().map(TenantId::new);
    }

    /** Whether a tenant holds {@code slug} now (the slug registry's table). */
    boolean slugTaken(String slug) {
        return !jdbc.queryForList("SELECT 1 FROM tenant_slug WHERE slug = ?", slug).isEmpty();
    }
}

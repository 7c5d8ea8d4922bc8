package com.hackops.command.adminaccess;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Types;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Rows of {@code platform_admin_access}: each statement commits on its own (no transaction is open around an
 * interceptor), so a row written before a request is handled stays whatever the handler then does. The service role
 * may insert rows and set their status, nothing else.
 */
@Component
class PlatformAdminAccessLog {

    private static final String INSERT = """
            INSERT INTO platform_admin_access (id, tenant_id, admin, method, path, status) VALUES (?, ?, ?, ?, ?, ?)""";
    private static final int[] TYPES = {Types.OTHER, Types.OTHER, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.SMALLINT};

    private final JdbcTemplate jdbc;

    PlatformAdminAccessLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A request that has not been answered yet; {@code tenantId} null for an import's own row. Returns its id. */
    UUID started(UUID tenantId, String admin, String method, String path) {
        UUID id = UUID.randomUUID();
        jdbc.update(INSERT, new Object[] {id, tenantId, admin, method, path, null}, TYPES);
        return id;
    }

    void answered(UUID id, int status) {
        jdbc.update("UPDATE platform_admin_access SET status = ? WHERE id = ?", status, id);
    }

    /** One answered row per tenant (those an import created or found). */
    void answered(Collection<UUID> tenants, String admin, String method, String path, int status) {
        List<Object[]> rows = tenants.stream()
                .map(tenant -> new Object[] {UUID.randomUUID(), tenant, admin, method, path, status}).toList();
        jdbc.batchUpdate(INSERT, rows, TYPES);
    }
}

package com.hackops.query.adminaccess;

import com.hackops.query.audit.EventStoreReader;
import com.hackops.query.isolation.TenantContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Both services' records of platform-admin access. This service's rows ({@code public.platform_admin_access} of the
 * read-model database) are written each in a transaction of its own, committed before the request is handled, with
 * the tenant bound — or, for a read of every tenant (no tenant), the logged platform-admin path, the only one its
 * policy lets write such rows. The command side's rows are read through the event store's read-only connection.
 */
@Component
class PlatformAdminAccessLog {

    private static final String COLUMNS = "SELECT at, admin, service, method, path, status FROM ";
    private static final RowMapper<AccessView> VIEW = (rs, i) -> new AccessView(rs.getTimestamp(1).toInstant(),
            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getObject(6, Integer.class));

    private final TransactionTemplate writes;
    private final TenantContext context;
    private final JdbcTemplate jdbc;
    private final EventStoreReader eventStore;

    PlatformAdminAccessLog(PlatformTransactionManager transactions, TenantContext context, JdbcTemplate jdbc,
                           EventStoreReader eventStore) {
        this.writes = new TransactionTemplate(transactions);
        this.context = context;
        this.jdbc = jdbc;
        this.eventStore = eventStore;
    }

    /** A request not answered yet; {@code tenantId} null for a read of every tenant. Returns its id. */
    UUID started(UUID tenantId, String admin, String method, String path) {
        UUID id = UUID.randomUUID();
        bound(tenantId, admin, "recording its read of every tenant", () -> jdbc.update("""
                INSERT INTO public.platform_admin_access (id, tenant_id, admin, method, path) VALUES (?, ?, ?, ?, ?)""",
                id, tenantId, admin, method, path));
        return id;
    }

    void answered(UUID tenantId, UUID id, String admin, int status) {
        bound(tenantId, admin, "recording the answer to its read of every tenant",
                () -> jdbc.update("UPDATE public.platform_admin_access SET status = ? WHERE id = ?", status, id));
    }

    private void bound(UUID tenantId, String admin, String what, Runnable write) {
        writes.executeWithoutResult(status -> {
            if (tenantId == null) {
                context.bindPlatformAdmin(admin, what);
            } else {
                context.bindTenant(tenantId);
            }
            write.run();
        });
    }

    /**
     * This service's rows of the tenant and those of reads of every tenant since {@code since} (when the tenant came to
     * be), recorded before {@code before} (all when null), newest first. Runs in the caller's transaction, with the
     * tenant bound.
     */
    List<AccessView> queries(UUID tenantId, Instant since, Instant before, int limit) {
        return jdbc.query(COLUMNS + """
                public.platform_admin_access WHERE (tenant_id = ? OR (tenant_id IS NULL AND at >= ?))
                AND at < coalesce(?::timestamptz, 'infinity') ORDER BY at DESC LIMIT ?""",
                VIEW, tenantId, Timestamp.from(since), timestamp(before), limit);
    }

    /** The command side's rows of the tenant recorded before {@code before} (all when null), newest first. */
    List<AccessView> commands(UUID tenantId, Instant before, int limit) {
        return eventStore.commandDatabase().query(COLUMNS + """
                platform_admin_access WHERE tenant_id = ? AND at < coalesce(?::timestamptz, 'infinity')
                ORDER BY at DESC LIMIT ?""", VIEW, tenantId, timestamp(before), limit);
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}

package com.hackops.query.api;

import com.hackops.query.isolation.TenantContext;
import com.hackops.query.projection.member.Members;
import com.hackops.query.security.Caller;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * Who may read a tenant: its members (any role) and platform admins. Everyone else is told the tenant does not
 * exist, exactly as for an id that names no tenant. Each read is one read-only transaction whose first statement
 * binds the tenant (or, for platform admins, the logged admin path).
 */
@Component
class TenantVisibility {

    private final TransactionTemplate readOnly;
    private final TenantContext context;
    private final Members members;
    private final JdbcTemplate jdbc;

    TenantVisibility(PlatformTransactionManager transactions, TenantContext context, Members members, JdbcTemplate jdbc) {
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.context = context;
        this.members = members;
        this.jdbc = jdbc;
    }

    <T> T read(Caller caller, UUID tenantId, String what, Supplier<T> read) {
        return readOnly.execute(status -> {
            if (caller.platformAdmin()) {
                context.bindPlatformAdmin(caller.userId(), what + " of tenant " + tenantId);
                if (jdbc.queryForList("SELECT 1 FROM tenant_summary WHERE tenant_id = ?", tenantId).isEmpty()) {
                    throw new TenantNotFound();
                }
            } else {
                context.bindTenant(tenantId);
                if (members.roleOf(tenantId, caller.userId()).isEmpty()) {
                    throw new TenantNotFound();
                }
            }
            return read.get();
        });
    }

    /** No such tenant, or not one the caller may see. */
    static final class TenantNotFound extends RuntimeException {
        TenantNotFound() {
            super("No such tenant.", null, false, false);
        }
    }
}

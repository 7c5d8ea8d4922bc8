package com.hackops.query.isolation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.UUID;

/**
 * Tells PostgreSQL, for the current transaction only, whose rows it may show. {@code set_config(…, true)} is
 * transaction-local: it ends with the transaction, so a pooled connection never carries a tenant over to the next
 * request. Binding outside a transaction is refused, because the setting would then not end.
 */
@Component
public class TenantContext {

    private static final Logger audit = LoggerFactory.getLogger("hackops.audit.platform-admin");

    private final JdbcTemplate jdbc;

    public TenantContext(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every following statement of this transaction sees (and may write) only {@code tenantId}'s rows. */
    public void bindTenant(UUID tenantId) {
        set("app.tenant_id", tenantId.toString());
    }

    /** Lets this transaction read the caller's own membership rows across tenants, nothing more. */
    public void bindUser(String userId) {
        set("app.user_id", userId);
    }

    /** The explicit platform-admin path: reads of every tenant for this transaction, logged with who and what. */
    public void bindPlatformAdmin(String userId, String what) {
        audit.info("platform-admin read by {}: {}", userId, what);
        set("app.platform_admin", "on");
    }

    private void set(String setting, String value) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("tenant context needs a transaction: " + setting);
        }
        jdbc.queryForObject("SELECT set_config(?, ?, true)", String.class, setting, value);
    }
}

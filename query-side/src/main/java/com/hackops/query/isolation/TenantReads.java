package com.hackops.query.isolation;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.UUID;
import java.util.function.Supplier;

/** Runs reads in a read-only transaction whose first statement binds the tenant (or the admin path). */
@Component
public class TenantReads {

    private final TransactionTemplate readOnly;
    private final TenantContext context;

    public TenantReads(PlatformTransactionManager transactions, TenantContext context) {
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.context = context;
    }

    public <T> T asTenant(UUID tenantId, Supplier<T> read) {
        return readOnly.execute(status -> {
            context.bindTenant(tenantId);
            return read.get();
        });
    }

    public <T> T asUser(String userId, Supplier<T> read) {
        return readOnly.execute(status -> {
            context.bindUser(userId);
            return read.get();
        });
    }

    public <T> T asPlatformAdmin(String userId, String what, Supplier<T> read) {
        return readOnly.execute(status -> {
            context.bindPlatformAdmin(userId, what);
            return read.get();
        });
    }
}

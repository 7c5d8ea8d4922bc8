package com.hackops.query.webhooks;

import com.hackops.platform.security.Caller;
import com.hackops.query.isolation.TenantContext;
import com.hackops.query.projection.member.Members;
import com.hackops.query.projection.tenant.TenantSummaries;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Who manages a tenant's webhooks: its OWNERs and ADMINs (by the read model's membership) and platform admins. Other
 * members get 403; anyone else the same 404 as for a tenant that does not exist. The work then runs in the same
 * transaction with the tenant bound, so row-level security confines it to that tenant's endpoints and deliveries.
 */
@Component
class WebhookAccess {

    private static final Set<String> MANAGERS = Set.of("OWNER", "ADMIN");

    private final TransactionTemplate readWrite;
    private final TransactionTemplate readOnly;
    private final TenantContext context;
    private final Members members;
    private final TenantSummaries summaries;

    WebhookAccess(PlatformTransactionManager transactions, TenantContext context, Members members, TenantSummaries summaries) {
        this.readWrite = new TransactionTemplate(transactions);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.context = context;
        this.members = members;
        this.summaries = summaries;
    }

    <T> T read(Caller caller, UUID tenantId, String what, Supplier<T> work) {
        return readOnly.execute(status -> asManager(caller, tenantId, what, work));
    }

    <T> T write(Caller caller, UUID tenantId, String what, Supplier<T> work) {
        return readWrite.execute(status -> asManager(caller, tenantId, what, work));
    }

    private <T> T asManager(Caller caller, UUID tenantId, String what, Supplier<T> work) {
        if (caller.platformAdmin()) {
            context.bindPlatformAdmin(caller.userId(), what + " of tenant " + tenantId);
            if (!summaries.exists(tenantId)) {
                throw notFound();
            }
            context.bindTenant(tenantId);
        } else {
            String role = members.bindTenantAndRoleOf(tenantId, caller.userId()).orElseThrow(WebhookAccess::notFound);
            if (!MANAGERS.contains(role)) {
                throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Webhooks are managed by OWNERs and ADMINs.");
            }
        }
        return work.get();
    }

    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No such tenant.");
    }
}

package com.hackops.query.api;

import com.hackops.events.types.ApiKeyScope;
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
 * Who may read a tenant: its members (any role), platform admins, and its API keys with the {@code read} scope (only on
 * the endpoints {@code EndpointRules.API_KEY_ENDPOINTS} names). Everyone else is told the tenant does not
 * exist, exactly as for an id that names no tenant. Each read is one read-only transaction whose first statement
 * binds the tenant (or, for platform admins, the logged admin path).
 */
@Component
public class TenantVisibility {

    private final TransactionTemplate readOnly;
    private final TenantContext context;
    private final Members members;
    private final TenantSummaries summaries;

    TenantVisibility(PlatformTransactionManager transactions, TenantContext context, Members members, TenantSummaries summaries) {
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.context = context;
        this.members = members;
        this.summaries = summaries;
    }

    public <T> T read(Caller caller, UUID tenantId, String what, Supplier<T> read) {
        return readOnly.execute(status -> {
            admit(caller, tenantId, what);
            return read.get();
        });
    }

    /**
     * Like {@link #read}, for members with one of {@code roles} (and platform admins) only: other members get 403 with
     * {@code refusal}, everyone else the 404 of a tenant that does not exist.
     */
    public <T> T readAsOneOf(Set<String> roles, String refusal, Caller caller, UUID tenantId, String what, Supplier<T> read) {
        return readOnly.execute(status -> {
            String role = admit(caller, tenantId, what);
            if (!caller.platformAdmin() && !roles.contains(role)) {
                throw new ResponseStatusException(HttpStatus.FORBIDDEN, refusal);
            }
            return read.get();
        });
    }

    /**
     * Binds what the caller may see of the tenant, or refuses as {@link #read} says; returns the caller's role in the
     * tenant ({@code ""} for an API key or a platform admin).
     */
    private String admit(Caller caller, UUID tenantId, String what) {
        if (caller.apiKey() != null) {
            // a key reads its own tenant (with the read scope); anywhere else it finds nothing, as a stranger would
            if (!caller.apiKey().tenantId().equals(tenantId) || !summaries.bindTenantAndExists(tenantId)) {
                throw new TenantNotFound();
            }
            if (!caller.apiKey().grants(tenantId, ApiKeyScope.READ)) {
                throw new ResponseStatusException(HttpStatus.FORBIDDEN, "This API key has no read scope.");
            }
            return "";
        }
        if (caller.platformAdmin()) {
            context.bindPlatformAdmin(caller.userId(), what + " of tenant " + tenantId);
            if (!summaries.exists(tenantId)) {
                throw new TenantNotFound();
            }
            return "";
        }
        return members.bindTenantAndRoleOf(tenantId, caller.userId()).orElseThrow(TenantNotFound::new);
    }

    /** No such tenant, or not one the caller may see. */
    public static final class TenantNotFound extends RuntimeException {
        public TenantNotFound() {
            super("No such tenant.", null, false, false);
        }
    }
}

package com.hackops.query.adminaccess;

import com.hackops.platform.security.Caller;
import com.hackops.query.isolation.TenantContext;
import com.hackops.query.projection.member.Members;
import com.hackops.query.projection.tenant.TenantSummaries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What platform admins did to a tenant, for its OWNERs: both services' records, newest first, paged. Platform admins
 * may read it too (and that read is recorded like any other); everyone else — other members included — gets the 404
 * of a tenant that does not exist.
 */
@RestController
@Tag(name = "tenant dashboards")
class PlatformAdminAccessController {

    static final String NEXT = "Hackops-Next-Before";

    private final TransactionTemplate readOnly;
    private final TenantContext context;
    private final Members members;
    private final TenantSummaries summaries;
    private final PlatformAdminAccessLog records;

    PlatformAdminAccessController(PlatformTransactionManager transactions, TenantContext context, Members members,
                                  TenantSummaries summaries, PlatformAdminAccessLog records) {
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.context = context;
        this.members = members;
        this.summaries = summaries;
        this.records = records;
    }

    @GetMapping("/api/v1/tenants/{tenantId}/platform-admin-access")
    @Operation(summary = "Platform admins' requests concerning the tenant, in both services, newest first (OWNERs): "
            + "at, admin, service, method, path, status. Reads of every tenant (the list of all tenants, admin "
            + "endpoints) are included. Header Hackops-Next-Before, when present, is the 'before' of the next page.")
    ResponseEntity<List<AccessView>> list(@PathVariable UUID tenantId, Caller caller,
                                          @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit,
                                          @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant before) {
        List<AccessView> queries = readOnly.execute(status -> {
            Instant since = visibleTo(caller, tenantId);
            context.bindTenant(tenantId);
            return records.queries(tenantId, since, before, limit + 1);
        });
        AccessPage page = AccessPage.of(queries, records.commands(tenantId, before, limit + 1), limit);
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        if (page.next() != null) {
            answer.header(NEXT, page.next().toString());
        }
        return answer.body(page.records());
    }

    /** When the tenant came to be, if the caller is one of its OWNERs or a platform admin; else the 404 of no tenant. */
    private Instant visibleTo(Caller caller, UUID tenantId) {
        if (caller.platformAdmin()) {
            context.bindPlatformAdmin(caller.userId(), "platform-admin access records of tenant " + tenantId);
        } else if (!"OWNER".equals(members.bindTenantAndRoleOf(tenantId, caller.userId()).orElse(null))) {
            throw notFound();
        }
        return summaries.find(tenantId).orElseThrow(PlatformAdminAccessController::notFound).createdAt();
    }

    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No such tenant.");
    }
}

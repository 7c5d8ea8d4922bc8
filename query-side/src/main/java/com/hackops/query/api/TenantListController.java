package com.hackops.query.api;

import com.hackops.events.types.Plan;
import com.hackops.platform.security.Caller;
import com.hackops.query.isolation.TenantContext;
import com.hackops.query.isolation.TenantReads;
import com.hackops.query.projection.member.Members;
import com.hackops.query.projection.tenant.TenantSummaries;
import com.hackops.query.projection.tenant.TenantSummaryView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/** The caller's tenants; for platform admins every tenant, paged and filtered. */
@RestController
@RequestMapping("/api/v1/tenants")
@Tag(name = "tenant dashboards")
class TenantListController {

    /** Lifecycle states a tenant can be in. */
    enum Status { ACTIVE, SUSPENDED, ARCHIVED }

    private final TenantReads reads;
    private final TenantContext context;
    private final Members members;
    private final TenantSummaries summaries;

    TenantListController(TenantReads reads, TenantContext context, Members members, TenantSummaries summaries) {
        this.reads = reads;
        this.context = context;
        this.members = members;
        this.summaries = summaries;
    }

    record TenantPage(List<TenantSummaryView> tenants, int page, int size) {
    }

    @GetMapping
    @Operation(summary = "Tenants the caller belongs to (platform admins: all), filtered by plan, status and name")
    TenantPage list(Caller caller, @RequestParam(required = false) Plan plan,
                    @RequestParam(required = false) Status status,
                    @RequestParam(required = false) @Size(max = 120) String name,
                    @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                    @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        String planName = plan == null ? null : plan.name();
        String statusName = status == null ? null : status.name();
        if (caller.platformAdmin()) {
            return new TenantPage(reads.asPlatformAdmin(caller.userId(), "list tenants",
                    () -> summaries.page(planName, statusName, name, page, size)), page, size);
        }
        List<TenantSummaryView> mine = reads.asUser(caller.userId(), () -> members.tenantsOfUser(caller.userId()).stream()
                .map(tenantId -> visible(tenantId))
                .filter(Objects::nonNull)
                .filter(t -> planName == null || t.plan().equals(planName))
                .filter(t -> statusName == null || t.status().equals(statusName))
                .filter(t -> name == null || contains(t.name(), name) || contains(t.slug(), name))
                .sorted(java.util.Comparator.comparing(TenantSummaryView::name).thenComparing(TenantSummaryView::tenantId))
                .toList());
        return new TenantPage(mine.stream().skip((long) page * size).limit(size).toList(), page, size);
    }

    /** Re-binds the transaction to one of the caller's tenants before reading its summary. */
    private TenantSummaryView visible(UUID tenantId) {
        context.bindTenant(tenantId);
        return summaries.find(tenantId).orElse(null);
    }

    private static boolean contains(String text, String part) {
        return text.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
    }
}

package com.hackops.query.api;

import com.hackops.platform.security.Caller;
import com.hackops.query.isolation.TenantReads;
import com.hackops.query.projection.ParkedEvents;
import com.hackops.query.projection.usage.UsageReads;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Platform-wide views and projection operations, for platform admins only; each use is logged. */
@RestController
@RequestMapping("/api/v1/admin")
@Tag(name = "platform admin")
class AdminController {

    private final TenantReads reads;
    private final UsageReads usage;
    private final ParkedEvents parked;
    private final JdbcTemplate jdbc;

    AdminController(TenantReads reads, UsageReads usage, ParkedEvents parked, JdbcTemplate jdbc) {
        this.reads = reads;
        this.usage = usage;
        this.parked = parked;
        this.jdbc = jdbc;
    }

    record Statistics(long tenants, Map<String, Map<String, Long>> tenantsByPlanAndStatus, Map<String, Long> usageTotals,
                      List<UsageReads.NearLimitView> nearLimit) {
    }

    @GetMapping("/statistics")
    @Operation(summary = "Tenants by plan and status, usage totals, tenants at >= 80 % of a limit")
    Statistics statistics(Caller caller) {
        requireAdmin(caller);
        return reads.asPlatformAdmin(caller.userId(), "statistics", () -> {
            Map<String, Map<String, Long>> byPlan = new LinkedHashMap<>();
            long[] total = {0};
            jdbc.query("SELECT plan, status, count(*) FROM tenant_summary GROUP BY plan, status ORDER BY plan, status", rs -> {
                byPlan.computeIfAbsent(rs.getString(1), p -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
                total[0] += rs.getLong(3);
            });
            return new Statistics(total[0], byPlan, usage.totals(), usage.nearLimit(100));
        });
    }

    @GetMapping("/projections/parked")
    @Operation(summary = "Events the projections could not apply, per tenant")
    List<ParkedEvents.Parked> parkedEvents(Caller caller) {
        requireAdmin(caller);
        return parked.all(caller.userId());
    }

    @PostMapping("/projections/parked/{tenantId}/retry")
    @Operation(summary = "Apply a tenant's parked events again, in order (all or nothing)")
    ParkedEvents.RetryResult retry(@PathVariable UUID tenantId, Caller caller) {
        requireAdmin(caller);
        return parked.retry(tenantId, caller.userId());
    }

    @DeleteMapping("/projections/parked/{tenantId}/{sequence}")
    @Operation(summary = "Give up on a tenant's first parked event (it stays in the event store); then retry the rest")
    Map<String, Object> discard(@PathVariable UUID tenantId, @PathVariable long sequence, Caller caller) {
        requireAdmin(caller);
        if (!parked.discard(tenantId, sequence, caller.userId())) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "That event is not the tenant's first parked event.");
        }
        return Map.of("tenantId", tenantId, "discarded", sequence);
    }

    static void requireAdmin(Caller caller) {
        if (!caller.platformAdmin()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Platform administrators only.");
        }
    }
}

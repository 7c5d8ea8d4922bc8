package com.hackops.query.api;

import com.hackops.platform.security.Caller;
import com.hackops.query.audit.Billing;
import com.hackops.query.audit.Reconciliation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;

/**
 * Billing audits of one tenant, computed from the event store: statements and reconciliation. OWNERs, ADMINs and
 * platform admins may read them; other members get 403, strangers 404.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/billing")
@Tag(name = "billing audit")
class BillingController {

    private final TenantVisibility visibility;
    private final Billing billing;
    private final Reconciliation reconciliation;

    BillingController(TenantVisibility visibility, Billing billing, Reconciliation reconciliation) {
        this.visibility = visibility;
        this.billing = billing;
        this.reconciliation = reconciliation;
    }

    @GetMapping(value = "/statement", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Statement of [from, to) or of a calendar month (period=YYYY-MM, UTC), by replay of the event "
            + "store; the same events always give the same bytes and fingerprint")
    ResponseEntity<byte[]> statement(@PathVariable UUID tenantId, Caller caller,
                                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                                     @RequestParam(required = false) String period) {
        Instant[] range = range(from, to, period);
        requireBillingReader(caller, tenantId);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(billing.statement(tenantId, range[0], range[1]));
    }

    @GetMapping("/reconciliation")
    @Operation(summary = "Replays the events up to the read models' position and compares, field by field")
    Reconciliation.Report reconciliation(@PathVariable UUID tenantId, Caller caller) {
        requireBillingReader(caller, tenantId);
        return reconciliation.reconcile(tenantId);
    }

    private void requireBillingReader(Caller caller, UUID tenantId) {
        visibility.readAsOneOf(Set.of("OWNER", "ADMIN"), "Billing is for OWNERs and ADMINs.", caller, tenantId, "billing",
                () -> Boolean.TRUE);
    }

    static Instant[] range(Instant from, Instant to, String period) {
        if (period != null) {
            if (from != null || to != null) {
                throw new IllegalArgumentException("give either period or from/to");
            }
            try {
                return Billing.period(YearMonth.parse(period));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("period must be YYYY-MM");
            }
        }
        if (from == null || to == null || !from.isBefore(to)) {
            throw new IllegalArgumentException("give from and to (ISO instants, from before to) or period=YYYY-MM");
        }
        return new Instant[] {from, to};
    }
}

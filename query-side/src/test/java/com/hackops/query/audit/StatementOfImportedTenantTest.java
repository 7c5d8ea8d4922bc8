package com.hackops.query.audit;

import com.hackops.events.membership.MemberAdded;
import com.hackops.events.tenant.TenantImported;
import com.hackops.events.types.Feature;
import com.hackops.events.types.Limits;
import com.hackops.events.types.Metric;
import com.hackops.events.types.Plan;
import com.hackops.events.types.Role;
import com.hackops.events.types.TenantId;
import com.hackops.events.usage.UsageChange;
import com.hackops.events.usage.UsageTracked;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant imported on 2026-11-21 that existed elsewhere since 2019: its November statement starts its plan and its
 * usage at the import (what the platform recorded), never at the original creation date.
 */
class StatementOfImportedTenantTest {

    private static final UUID TENANT = UUID.fromString("00000000-0000-0000-0000-00000000c222");
    private static final TenantId ID = new TenantId(TENANT);
    private static final Limits STARTER = Limits.of(5, 200, 5_000_000_000L, 3);
    private static final Instant IMPORTED_AT = Instant.parse("2026-11-21T00:00:00Z");

    @Test
    void billing_of_an_imported_tenant_starts_when_the_import_was_recorded() {
        StatementCalculator calculator = new StatementCalculator(TENANT, Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-12-01T00:00:00Z"));
        List<Object> imported = List.of(new TenantImported(ID, "Legacy", "legacy", Plan.STARTER, STARTER,
                        Set.of(Feature.API_ACCESS), Instant.parse("2019-03-01T08:00:00Z"), "eventhub-legacy", "org-7", "import-cli"),
                new MemberAdded(ID, "owner", null, Role.OWNER, "import-cli"),
                new UsageTracked(ID, List.of(new UsageChange(Metric.PARTICIPANTS, 120, 120, 120, IMPORTED_AT)), "import-cli"));
        for (int sequence = 0; sequence < imported.size(); sequence++) {
            Object payload = imported.get(sequence);
            calculator.accept(new StoredEvent(500 + sequence, "i" + sequence, sequence, IMPORTED_AT,
                    payload.getClass().getName() + ".v1", payload));
        }
        Statement statement = calculator.finish();

        assertThat(statement.plans()).hasSize(1);
        Statement.PlanPeriod plan = statement.plans().get(0);
        assertThat(plan.plan()).isEqualTo("STARTER");
        assertThat(plan.effectiveFrom()).isEqualTo(IMPORTED_AT);
        assertThat(plan.changedBy()).isEqualTo("import-cli");
        Statement.MetricStatement participants = statement.metrics().stream()
                .filter(m -> m.metric().equals("PARTICIPANTS")).findFirst().orElseThrow();
        assertThat(participants.opening()).isZero();
        assertThat(participants.closing()).isEqualTo(120);
        // 120 participants for the last 10 of November's 30 days: 120 x 240 h
        assertThat(participants.unitHours()).isEqualTo("28800.000000");
        assertThat(participants.timeWeightedAverage()).isEqualTo("40.000000");
    }
}

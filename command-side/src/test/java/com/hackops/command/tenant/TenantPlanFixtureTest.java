package com.hackops.command.tenant;

import com.hackops.command.usage.InMemoryIdempotencyKeys;
import com.hackops.events.tenant.PlanChanged;
import com.hackops.events.types.Metric;
import com.hackops.events.types.Plan;
import com.hackops.events.types.Role;
import com.hackops.events.usage.UsageOverLimitCleared;
import com.hackops.events.usage.UsageOverLimitEntered;
import com.hackops.events.usage.UsageThresholdCrossed;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.hackops.command.rejection.RejectionKind.PLAN_DOWNGRADE_BLOCKED;
import static com.hackops.command.rejection.RejectionMatcher.rejectedAs;
import static com.hackops.command.tenant.TenantFixtures.ADMIN_ID;
import static com.hackops.command.tenant.TenantFixtures.FREE_FEATURES;
import static com.hackops.command.tenant.TenantFixtures.FREE_LIMITS;
import static com.hackops.command.tenant.TenantFixtures.OWNER;
import static com.hackops.command.tenant.TenantFixtures.OWNER_ID;
import static com.hackops.command.tenant.TenantFixtures.STARTER_FEATURES;
import static com.hackops.command.tenant.TenantFixtures.STARTER_LIMITS;
import static com.hackops.command.tenant.TenantFixtures.TENANT_ID;
import static com.hackops.command.tenant.TenantFixtures.joined;
import static com.hackops.command.tenant.TenantFixtures.planChanged;
import static com.hackops.command.tenant.TenantFixtures.tenantFixture;
import static com.hackops.command.tenant.TenantFixtures.tenantOn;
import static com.hackops.command.tenant.TenantFixtures.tracked;
import static com.hackops.events.types.Metric.ADMINS;
import static com.hackops.events.types.Metric.EVENTS;

/** ChangePlan: upgrades, the no-op, downgrades that fit, blocked downgrades and forced ones. */
class TenantPlanFixtureTest {

    private FixtureConfiguration<Tenant> fixture;

    @BeforeEach
    void setUp() {
        fixture = tenantFixture(new InMemorySlugRegistry(), new InMemoryIdempotencyKeys());
    }

    @Test
    void an_upgrade_records_the_new_plans_grant() {
        fixture.given(tenantOn(Plan.FREE))
                .when(new ChangePlan(TENANT_ID, Plan.STARTER, false, OWNER))
                .expectEvents(new PlanChanged(TENANT_ID, Plan.FREE, Plan.STARTER, STARTER_LIMITS, STARTER_FEATURES,
                        Set.of(), OWNER_ID))
                .expectResultMessagePayload(new TenantVersion(2));
    }

    @Test
    void changing_to_the_current_plan_records_nothing() {
        fixture.given(tenantOn(Plan.STARTER))
                .when(new ChangePlan(TENANT_ID, Plan.STARTER, false, OWNER))
                .expectNoEvents()
                .expectResultMessagePayload(new TenantVersion(1));
    }

    @Test
    void a_downgrade_the_usage_fits_in_records_the_thresholds_the_smaller_limits_put_it_past() {
        fixture.given(tenantOn(Plan.STARTER, tracked(EVENTS, 0, 1)))
                .when(new ChangePlan(TENANT_ID, Plan.FREE, false, OWNER))
                .expectEvents(
                        new PlanChanged(TENANT_ID, Plan.STARTER, Plan.FREE, FREE_LIMITS, FREE_FEATURES, Set.of(), OWNER_ID),
                        new UsageThresholdCrossed(TENANT_ID, EVENTS, 80, 1, 1),
                        new UsageThresholdCrossed(TENANT_ID, EVENTS, 100, 1, 1),
                        new UsageThresholdCrossed(TENANT_ID, ADMINS, 80, 1, 1),
                        new UsageThresholdCrossed(TENANT_ID, ADMINS, 100, 1, 1))
                .expectResultMessagePayload(new TenantVersion(7));
    }

    @Test
    void a_downgrade_below_current_usage_is_blocked_with_every_offending_metric_and_records_nothing() {
        fixture.given(tenantOn(Plan.STARTER, tracked(EVENTS, 0, 3), joined(ADMIN_ID, Role.ADMIN)))
                .when(new ChangePlan(TENANT_ID, Plan.FREE, false, OWNER))
                .expectException(rejectedAs(PLAN_DOWNGRADE_BLOCKED)
                        .withDetail("plan", Plan.FREE)
                        .withDetail("exceeded", List.of(
                                offending(EVENTS, 3, 1),
                                offending(ADMINS, 2, 1))))
                .expectNoEvents();
    }

    @Test
    void a_forced_downgrade_records_the_metrics_it_leaves_over_their_limit() {
        fixture.given(tenantOn(Plan.STARTER, tracked(EVENTS, 0, 3), joined(ADMIN_ID, Role.ADMIN)))
                .when(new ChangePlan(TENANT_ID, Plan.FREE, true, OWNER))
                .expectEvents(
                        new PlanChanged(TENANT_ID, Plan.STARTER, Plan.FREE, FREE_LIMITS, FREE_FEATURES,
                                Set.of(EVENTS, ADMINS), OWNER_ID),
                        new UsageThresholdCrossed(TENANT_ID, EVENTS, 80, 3, 1),
                        new UsageThresholdCrossed(TENANT_ID, EVENTS, 100, 3, 1),
                        new UsageOverLimitEntered(TENANT_ID, EVENTS, 3, 1),
                        new UsageThresholdCrossed(TENANT_ID, ADMINS, 80, 2, 1),
                        new UsageThresholdCrossed(TENANT_ID, ADMINS, 100, 2, 1),
                        new UsageOverLimitEntered(TENANT_ID, ADMINS, 2, 1))
                .expectResultMessagePayload(new TenantVersion(10));
    }

    @Test
    void an_upgrade_out_of_an_over_limit_clears_it() {
        fixture.given(tenantOn(Plan.STARTER, tracked(EVENTS, 0, 3), planChanged(Plan.STARTER, Plan.FREE, EVENTS)))
                .when(new ChangePlan(TENANT_ID, Plan.STARTER, false, OWNER))
                .expectEvents(
                        new PlanChanged(TENANT_ID, Plan.FREE, Plan.STARTER, STARTER_LIMITS, STARTER_FEATURES,
                                Set.of(), OWNER_ID),
                        new UsageOverLimitCleared(TENANT_ID, EVENTS, 3, 5))
                .expectResultMessagePayload(new TenantVersion(5));
    }

    private static Map<String, Object> offending(Metric metric, long used, long limit) {
        return Map.of("metric", metric, "used", used, "limit", limit);
    }
}

package com.hackops.command.tenant;

import com.hackops.command.rejection.RejectionKind;
import com.hackops.events.tenant.LimitsOverrideRemoved;
import com.hackops.events.tenant.LimitsOverridden;
import com.hackops.events.tenant.PlanChangeScheduled;
import com.hackops.events.tenant.PlanChanged;
import com.hackops.events.tenant.ScheduledPlanChangeCancelled;
import com.hackops.events.tenant.ScheduledPlanChangeFailed;
import com.hackops.events.tenant.TrialEnded;
import com.hackops.events.tenant.TrialStarted;
import com.hackops.events.types.Feature;
import com.hackops.events.types.Plan;
import com.hackops.events.usage.UsageOverLimitEntered;
import com.hackops.events.usage.UsageThresholdCrossed;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static com.hackops.command.tenant.TenantFixtures.OWNER;
import static com.hackops.command.tenant.TenantFixtures.OWNER_ID;
import static com.hackops.command.tenant.TenantFixtures.PLATFORM_ADMIN;
import static com.hackops.command.tenant.TenantFixtures.PROFESSIONAL_FEATURES;
import static com.hackops.command.tenant.TenantFixtures.PROFESSIONAL_LIMITS;
import static com.hackops.command.tenant.TenantFixtures.STARTER_FEATURES;
import static com.hackops.command.tenant.TenantFixtures.STARTER_LIMITS;
import static com.hackops.command.tenant.TenantFixtures.FREE_FEATURES;
import static com.hackops.command.tenant.TenantFixtures.FREE_LIMITS;
import static com.hackops.command.tenant.TenantFixtures.TENANT_ID;
import static com.hackops.command.tenant.TenantFixtures.tenantFixture;
import static com.hackops.command.tenant.TenantFixtures.tenantOn;
import static com.hackops.command.tenant.TenantFixtures.tracked;
import static com.hackops.events.types.Metric.ADMINS;
import static com.hackops.events.types.Metric.EVENTS;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

/** Negotiated overrides, scheduled plan changes and trials. */
class TenantCommercialFixtureTest {

    private static final String REASON = "Contract 2026-114";
    private FixtureConfiguration<Tenant> fixture;

    @BeforeEach
    void setUp() {
        fixture = tenantFixture(new InMemorySlugRegistry(), new com.hackops.command.usage.InMemoryIdempotencyKeys());
    }

    @Test
    void an_override_raises_a_limit_so_the_next_increment_fits() {
        fixture.given(tenantOn(Plan.FREE, tracked(EVENTS, 0, 1)))
                .when(new OverrideLimits(TENANT_ID, Map.of(EVENTS, 3L), Map.of(Feature.SSO, true), REASON, false, PLATFORM_ADMIN))
                .expectEvents(new LimitsOverridden(TENANT_ID, Map.of(EVENTS, 3L), Map.of(Feature.SSO, true), Set.of(), REASON,
                        PLATFORM_ADMIN.userId()));
    }

    @Test
    void lowering_an_override_below_usage_is_refused_unless_forced() {
        var given = tenantOn(Plan.FREE, new LimitsOverridden(TENANT_ID, Map.of(EVENTS, 3L), Map.of(), Set.of(), REASON, "ops"),
                tracked(EVENTS, 0, 3));
        fixture.given(given)
                .when(new OverrideLimits(TENANT_ID, Map.of(EVENTS, 2L), Map.of(), REASON, false, PLATFORM_ADMIN))
                .expectException(com.hackops.command.rejection.Rejection.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("allowOverLimit"))
                .expectNoEvents();
        fixture.given(given)
                .when(new OverrideLimits(TENANT_ID, Map.of(EVENTS, 2L), Map.of(), REASON, true, PLATFORM_ADMIN))
                .expectEvents(new LimitsOverridden(TENANT_ID, Map.of(EVENTS, 2L), Map.of(), Set.of(EVENTS), REASON,
                                PLATFORM_ADMIN.userId()),
                        new UsageOverLimitEntered(TENANT_ID, EVENTS, 3, 2));
    }

    @Test
    void removing_an_override_that_usage_exceeds_goes_through_the_downgrade_rule() {
        var given = tenantOn(Plan.FREE, new LimitsOverridden(TENANT_ID, Map.of(EVENTS, 3L), Map.of(), Set.of(), REASON, "ops"),
                tracked(EVENTS, 0, 2));
        fixture.given(given)
                .when(new RemoveOverride(TENANT_ID, "contract ended", false, PLATFORM_ADMIN))
                .expectException(com.hackops.command.rejection.Rejection.class)
                .expectNoEvents();
        fixture.given(given)
                .when(new RemoveOverride(TENANT_ID, "contract ended", true, PLATFORM_ADMIN))
                .expectEvents(new LimitsOverrideRemoved(TENANT_ID, Set.of(EVENTS), "contract ended", PLATFORM_ADMIN.userId()),
                        new UsageThresholdCrossed(TENANT_ID, EVENTS, 80, 2, 1),
                        new UsageThresholdCrossed(TENANT_ID, EVENTS, 100, 2, 1),
                        new UsageOverLimitEntered(TENANT_ID, EVENTS, 2, 1));
    }

    @Test
    void only_platform_admins_override_and_removing_no_override_is_a_no_op() {
        fixture.given(tenantOn(Plan.FREE))
                .when(new OverrideLimits(TENANT_ID, Map.of(EVENTS, 3L), Map.of(), REASON, false, OWNER))
                .expectException(com.hackops.command.rejection.Rejection.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("may not override limits"));
        fixture.given(tenantOn(Plan.FREE))
                .when(new RemoveOverride(TENANT_ID, "nothing to remove", false, PLATFORM_ADMIN))
                .expectNoEvents();
    }

    @Test
    void a_scheduled_change_applies_at_its_instant() {
        Instant at = Instant.now().plus(Duration.ofDays(3));
        fixture.given(tenantOn(Plan.FREE))
                .andGivenCommands(new SchedulePlanChange(TENANT_ID, Plan.STARTER, false, at, OWNER))
                .whenTimeAdvancesTo(at.plusSeconds(1))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(p -> p instanceof PlanChanged c && c.plan() == Plan.STARTER && c.limits().equals(STARTER_LIMITS)
                                && c.features().equals(STARTER_FEATURES) && c.changedBy().startsWith(PlanRules.SCHEDULE)),
                        andNoMore())));
    }

    @Test
    void a_scheduled_downgrade_that_does_not_fit_is_recorded_as_failed() {
        Instant at = Instant.now().plus(Duration.ofDays(3));
        fixture.given(tenantOn(Plan.STARTER, tracked(EVENTS, 0, 3)))
                .andGivenCommands(new SchedulePlanChange(TENANT_ID, Plan.FREE, false, at, OWNER))
                .whenTimeAdvancesTo(at.plusSeconds(1))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(p -> p instanceof ScheduledPlanChangeFailed f && f.plan() == Plan.FREE
                                && f.exceeded().equals(Set.of(EVENTS))),
                        andNoMore())));
    }

    @Test
    void a_new_schedule_replaces_the_pending_one_and_a_cancelled_one_never_fires() {
        Instant at = Instant.now().plus(Duration.ofDays(3));
        fixture.given(tenantOn(Plan.FREE))
                .andGivenCommands(new SchedulePlanChange(TENANT_ID, Plan.STARTER, false, at, OWNER))
                .when(new SchedulePlanChange(TENANT_ID, Plan.PROFESSIONAL, false, at, OWNER))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(p -> p instanceof ScheduledPlanChangeCancelled),
                        matches(p -> p instanceof PlanChangeScheduled s && s.plan() == Plan.PROFESSIONAL),
                        andNoMore())));
        fixture.given(tenantOn(Plan.FREE))
                .andGivenCommands(new SchedulePlanChange(TENANT_ID, Plan.STARTER, false, at, OWNER),
                        new CancelScheduledPlanChange(TENANT_ID, OWNER))
                .whenTimeAdvancesTo(at.plusSeconds(1))
                .expectNoEvents();
    }

    @Test
    void a_trial_runs_on_the_higher_plan_and_returns_to_the_chosen_one_at_expiry() {
        fixture.given(tenantOn(Plan.STARTER))
                .andGivenCommands(new StartTrial(TENANT_ID, Plan.PROFESSIONAL, 14, OWNER))
                .whenTimeElapses(Duration.ofDays(15))
                .expectEvents(new TrialEnded(TENANT_ID, Plan.PROFESSIONAL, Plan.STARTER, true),
                        new PlanChanged(TENANT_ID, Plan.PROFESSIONAL, Plan.STARTER, STARTER_LIMITS, STARTER_FEATURES, Set.of(),
                                PlanRules.TRIAL_EXPIRY));
    }

    @Test
    void starting_a_trial_changes_the_plan_and_a_second_or_lower_trial_is_refused() {
        fixture.given(tenantOn(Plan.FREE))
                .when(new StartTrial(TENANT_ID, Plan.PROFESSIONAL, 14, OWNER))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(p -> p instanceof TrialStarted t && t.returnPlan() == Plan.FREE && t.trialPlan() == Plan.PROFESSIONAL),
                        matches(p -> p.equals(new PlanChanged(TENANT_ID, Plan.FREE, Plan.PROFESSIONAL, PROFESSIONAL_LIMITS,
                                PROFESSIONAL_FEATURES, Set.of(), OWNER_ID))),
                        andNoMore())));
        fixture.given(tenantOn(Plan.STARTER))
                .when(new StartTrial(TENANT_ID, Plan.FREE, 14, OWNER))
                .expectException(com.hackops.command.rejection.Rejection.class)
                .expectNoEvents();
        fixture.given(tenantOn(Plan.FREE))
                .andGivenCommands(new StartTrial(TENANT_ID, Plan.STARTER, 14, OWNER))
                .when(new StartTrial(TENANT_ID, Plan.PROFESSIONAL, 14, OWNER))
                .expectException(com.hackops.command.rejection.Rejection.class)
                .expectNoEvents();
    }

    @Test
    void choosing_a_plan_during_a_trial_ends_it() {
        fixture.given(tenantOn(Plan.FREE))
                .andGivenCommands(new StartTrial(TENANT_ID, Plan.PROFESSIONAL, 14, OWNER))
                .when(new ChangePlan(TENANT_ID, Plan.STARTER, false, OWNER))
                .expectEvents(new TrialEnded(TENANT_ID, Plan.PROFESSIONAL, Plan.FREE, false),
                        new PlanChanged(TENANT_ID, Plan.PROFESSIONAL, Plan.STARTER, STARTER_LIMITS, STARTER_FEATURES, Set.of(), OWNER_ID));
    }

    @Test
    void an_expired_trial_that_no_longer_fits_puts_the_metrics_over_limit() {
        fixture.given(tenantOn(Plan.FREE))
                .andGivenCommands(new StartTrial(TENANT_ID, Plan.STARTER, 7, OWNER))
                .andGiven(tracked(EVENTS, 0, 4))
                .whenTimeElapses(Duration.ofDays(8))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(p -> p.equals(new TrialEnded(TENANT_ID, Plan.STARTER, Plan.FREE, true))),
                        matches(p -> p.equals(new PlanChanged(TENANT_ID, Plan.STARTER, Plan.FREE, FREE_LIMITS, FREE_FEATURES,
                                Set.of(EVENTS), PlanRules.TRIAL_EXPIRY))),
                        matches(p -> p.equals(new UsageThresholdCrossed(TENANT_ID, EVENTS, 100, 4, 1))),
                        matches(p -> p.equals(new UsageOverLimitEntered(TENANT_ID, EVENTS, 4, 1))),
                        matches(p -> p.equals(new UsageThresholdCrossed(TENANT_ID, ADMINS, 80, 1, 1))),
                        matches(p -> p.equals(new UsageThresholdCrossed(TENANT_ID, ADMINS, 100, 1, 1))),
                        andNoMore())));
    }
}

package com.hackops.command.tenant;

import com.hackops.command.usage.IdempotencyKey;
import com.hackops.command.usage.InMemoryIdempotencyKeys;
import com.hackops.command.usage.ItemOutcome;
import com.hackops.command.usage.TrackUsage;
import com.hackops.command.usage.UsageItem;
import com.hackops.command.usage.UsageReceipt;
import com.hackops.events.tenant.TenantArchived;
import com.hackops.events.tenant.TenantSuspended;
import com.hackops.events.types.Metric;
import com.hackops.events.types.Plan;
import com.hackops.events.types.Role;
import com.hackops.events.usage.UsageChange;
import com.hackops.events.usage.UsageOverLimitCleared;
import com.hackops.events.usage.UsageThresholdCrossed;
import com.hackops.events.usage.UsageTracked;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static com.hackops.command.rejection.RejectionKind.IDEMPOTENCY_MISMATCH;
import static com.hackops.command.rejection.RejectionKind.LIMIT_EXCEEDED;
import static com.hackops.command.rejection.RejectionKind.TENANT_ARCHIVED;
import static com.hackops.command.rejection.RejectionKind.TENANT_SUSPENDED;
import static com.hackops.command.rejection.RejectionMatcher.rejectedAs;
import static com.hackops.command.tenant.TenantFixtures.AT;
import static com.hackops.command.tenant.TenantFixtures.MEMBER;
import static com.hackops.command.tenant.TenantFixtures.MEMBER_ID;
import static com.hackops.command.tenant.TenantFixtures.OWNER_ID;
import static com.hackops.command.tenant.TenantFixtures.TENANT_ID;
import static com.hackops.command.tenant.TenantFixtures.joined;
import static com.hackops.command.tenant.TenantFixtures.planChanged;
import static com.hackops.command.tenant.TenantFixtures.tenantFixture;
import static com.hackops.command.tenant.TenantFixtures.tenantOn;
import static com.hackops.command.tenant.TenantFixtures.tracked;
import static com.hackops.events.types.Metric.EVENTS;
import static com.hackops.events.types.Metric.PARTICIPANTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * TrackUsage: the plan-limit walk, thresholds, clamping, batches decided in order, the suspended, archived and
 * over-limit tenant, and idempotency keys. FREE allows 1 event, STARTER 5 events and 200 participants.
 */
class TenantUsageFixtureTest {

    private static final String LIMIT_REFUSAL = "limit-exceeded";
    private static final String SUSPENDED_REFUSAL = "tenant-suspended";
    private static final IdempotencyKey KEY = new IdempotencyKey("usage-call-42", "sha256-of-the-first-body");
    private static final IdempotencyKey SAME_KEY_OTHER_BODY = new IdempotencyKey("usage-call-42", "sha256-of-another-body");
    /** The answer of an earlier call with KEY: one event accepted at version 3. */
    private static final UsageReceipt FIRST_ANSWER = receipt(3, accepted(EVENTS, 1, 1, 1));

    private InMemoryIdempotencyKeys idempotencyKeys;
    private FixtureConfiguration<Tenant> fixture;

    @BeforeEach
    void setUp() {
        idempotencyKeys = new InMemoryIdempotencyKeys();
        fixture = tenantFixture(new InMemorySlugRegistry(), idempotencyKeys);
    }

    // --- single calls

    @Test
    void the_first_event_on_free_is_recorded_and_crosses_80_and_100_percent() {
        fixture.given(tenantOn(Plan.FREE, joined(MEMBER_ID, Role.MEMBER)))
                .when(single(EVENTS, 1))
                .expectEvents(
                        trackedByMember(new UsageChange(EVENTS, 1, 1, 1, AT)),
                        new UsageThresholdCrossed(TENANT_ID, EVENTS, 80, 1, 1),
                        new UsageThresholdCrossed(TENANT_ID, EVENTS, 100, 1, 1))
                .expectResultMessagePayload(receipt(5, accepted(EVENTS, 1, 1, 1)));
    }

    @Test
    void an_increment_over_the_limit_is_refused_and_records_nothing() {
        fixture.given(tenantOn(Plan.FREE, joined(MEMBER_ID, Role.MEMBER), tracked(EVENTS, 0, 1)))
                .when(single(EVENTS, 1))
                .expectException(rejectedAs(LIMIT_EXCEEDED).withDetail("metric", EVENTS)
                        .withDetail("used", 1L).withDetail("limit", 1L).withDetail("requested", 1L))
                .expectNoEvents();
    }

    @Test
    void reaching_80_percent_crosses_only_the_first_threshold() {
        fixture.given(tenantOn(Plan.STARTER, joined(MEMBER_ID, Role.MEMBER), tracked(EVENTS, 0, 3)))
                .when(single(EVENTS, 1))
                .expectEvents(
                        trackedByMember(new UsageChange(EVENTS, 1, 1, 4, AT)),
                        new UsageThresholdCrossed(TENANT_ID, EVENTS, 80, 4, 5))
                .expectResultMessagePayload(receipt(5, accepted(EVENTS, 1, 4, 5)));
    }

    @Test
    void reaching_the_limit_from_above_80_percent_crosses_only_100_percent() {
        fixture.given(tenantOn(Plan.STARTER, joined(MEMBER_ID, Role.MEMBER), tracked(EVENTS, 0, 4)))
                .when(single(EVENTS, 1))
                .expectEvents(
                        trackedByMember(new UsageChange(EVENTS, 1, 1, 5, AT)),
                        new UsageThresholdCrossed(TENANT_ID, EVENTS, 100, 5, 5));
    }

    @Test
    void a_decrement_larger_than_the_usage_is_clamped_at_zero() {
        fixture.given(tenantOn(Plan.STARTER, joined(MEMBER_ID, Role.MEMBER), tracked(EVENTS, 0, 2)))
                .when(single(EVENTS, -5))
                .expectEvents(trackedByMember(new UsageChange(EVENTS, -5, -2, 0, AT)))
                .expectResultMessagePayload(receipt(4, accepted(EVENTS, -5, 0, 5)));
    }

    @Test
    void a_decrement_at_zero_usage_records_nothing() {
        fixture.given(tenantOn(Plan.STARTER, joined(MEMBER_ID, Role.MEMBER)))
                .when(single(EVENTS, -3))
                .expectNoEvents()
                .expectResultMessagePayload(receipt(2, accepted(EVENTS, -3, 0, 5)));
    }

    // --- batches

    @Test
    void items_are_decided_in_order_and_each_sees_the_usage_the_accepted_ones_before_it_left() {
        fixture.given(tenantOn(Plan.STARTER, joined(MEMBER_ID, Role.MEMBER), tracked(EVENTS, 0, 3)))
                .when(batch(item(EVENTS, 2), item(EVENTS, 1), item(PARTICIPANTS, 20), item(EVENTS, -1)))
                .expectEvents(
                        trackedByMember(
                                new UsageChange(EVENTS, 2, 2, 5, AT),
                                new UsageChange(PARTICIPANTS, 20, 20, 20, AT),
                                new UsageChange(EVENTS, -1, -1, 4, AT)),
                        new UsageThresholdCrossed(TENANT_ID, EVENTS, 80, 5, 5),
                        new UsageThresholdCrossed(TENANT_ID, EVENTS, 100, 5, 5))
                .expectResultMessagePayload(receipt(6,
                        accepted(EVENTS, 2, 5, 5),
                        refused(EVENTS, 1, 5, 5, LIMIT_REFUSAL),
                        accepted(PARTICIPANTS, 20, 20, 200),
                        accepted(EVENTS, -1, 4, 5)));
    }

    @Test
    void a_refused_item_leaves_the_usage_unchanged_for_the_items_after_it() {
        fixture.given(tenantOn(Plan.STARTER, joined(MEMBER_ID, Role.MEMBER), tracked(EVENTS, 0, 3)))
                .when(batch(item(EVENTS, 3), item(EVENTS, 2)))
                .expectEvents(
                        trackedByMember(new UsageChange(EVENTS, 2, 2, 5, AT)),
                        new UsageThresholdCrossed(TENANT_ID, EVENTS, 80, 5, 5),
                        new UsageThresholdCrossed(TENANT_ID, EVENTS, 100, 5, 5))
                .expectResultMessagePayload(receipt(6,
                        refused(EVENTS, 3, 3, 5, LIMIT_REFUSAL),
                        accepted(EVENTS, 2, 5, 5)));
    }

    @Test
    void a_batch_with_every_item_refused_records_nothing_but_answers_each_item() {
        fixture.given(tenantOn(Plan.FREE, joined(MEMBER_ID, Role.MEMBER), tracked(EVENTS, 0, 1)))
                .when(batch(item(EVENTS, 1), item(EVENTS, 2)))
                .expectNoEvents()
                .expectResultMessagePayload(receipt(3,
                        refused(EVENTS, 1, 1, 1, LIMIT_REFUSAL),
                        refused(EVENTS, 2, 1, 1, LIMIT_REFUSAL)));
    }

    // --- suspended, archived, over the limit

    @Test
    void a_suspended_tenant_refuses_an_increment() {
        fixture.given(tenantOn(Plan.STARTER, joined(MEMBER_ID, Role.MEMBER), new TenantSuspended(TENANT_ID, OWNER_ID)))
                .when(single(EVENTS, 1))
                .expectException(rejectedAs(TENANT_SUSPENDED).withDetail("metric", EVENTS)
                        .withDetail("used", 0L).withDetail("limit", 5L).withDetail("requested", 1L))
                .expectNoEvents();
    }

    @Test
    void a_suspended_tenant_still_accepts_a_decrement() {
        fixture.given(tenantOn(Plan.STARTER, joined(MEMBER_ID, Role.MEMBER), tracked(EVENTS, 0, 3),
                        new TenantSuspended(TENANT_ID, OWNER_ID)))
                .when(single(EVENTS, -1))
                .expectEvents(trackedByMember(new UsageChange(EVENTS, -1, -1, 2, AT)))
                .expectResultMessagePayload(receipt(5, accepted(EVENTS, -1, 2, 5)));
    }

    @Test
    void a_batch_on_a_suspended_tenant_refuses_the_increments_and_records_the_decrements() {
        fixture.given(tenantOn(Plan.STARTER, joined(MEMBER_ID, Role.MEMBER), tracked(EVENTS, 0, 3),
                        new TenantSuspended(TENANT_ID, OWNER_ID)))
                .when(batch(item(EVENTS, 1), item(EVENTS, -2)))
                .expectEvents(trackedByMember(new UsageChange(EVENTS, -2, -2, 1, AT)))
                .expectResultMessagePayload(receipt(5,
                        refused(EVENTS, 1, 3, 5, SUSPENDED_REFUSAL),
                        accepted(EVENTS, -2, 1, 5)));
    }

    @Test
    void an_archived_tenant_refuses_even_a_decrement() {
        fixture.given(tenantOn(Plan.STARTER, joined(MEMBER_ID, Role.MEMBER), tracked(EVENTS, 0, 3),
                        new TenantArchived(TENANT_ID, OWNER_ID)))
                .when(single(EVENTS, -1))
                .expectException(rejectedAs(TENANT_ARCHIVED))
                .expectNoEvents();
    }

    @Test
    void an_increment_is_refused_while_the_metric_is_over_its_limit() {
        fixture.given(overLimitOnEvents())
                .when(single(EVENTS, 1))
                .expectException(rejectedAs(LIMIT_EXCEEDED).withDetail("metric", EVENTS)
                        .withDetail("used", 3L).withDetail("limit", 1L))
                .expectNoEvents();
    }

    @Test
    void a_decrement_that_stays_over_the_limit_records_only_the_usage() {
        fixture.given(overLimitOnEvents())
                .when(single(EVENTS, -1))
                .expectEvents(trackedByMember(new UsageChange(EVENTS, -1, -1, 2, AT)))
                .expectResultMessagePayload(receipt(5, accepted(EVENTS, -1, 2, 1)));
    }

    @Test
    void a_decrement_back_within_the_limit_clears_the_over_limit() {
        fixture.given(overLimitOnEvents())
                .when(single(EVENTS, -2))
                .expectEvents(
                        trackedByMember(new UsageChange(EVENTS, -2, -2, 1, AT)),
                        new UsageOverLimitCleared(TENANT_ID, EVENTS, 1, 1))
                .expectResultMessagePayload(receipt(6, accepted(EVENTS, -2, 1, 1)));
    }

    // --- idempotency keys

    @Test
    void a_call_with_a_key_stores_its_receipt() {
        fixture.given(tenantOn(Plan.FREE, joined(MEMBER_ID, Role.MEMBER)))
                .when(single(EVENTS, 1, KEY))
                .expectSuccessfulHandlerExecution();

        assertThat(idempotencyKeys.claim(TENANT_ID, KEY)).contains(receipt(5, accepted(EVENTS, 1, 1, 1)));
    }

    @Test
    void a_replayed_key_returns_the_stored_receipt_and_records_nothing() {
        idempotencyKeys.remember(TENANT_ID, KEY, FIRST_ANSWER);

        // the tenant is now at its limit: deciding the call again would refuse it
        fixture.given(tenantOn(Plan.FREE, joined(MEMBER_ID, Role.MEMBER), tracked(EVENTS, 0, 1)))
                .when(single(EVENTS, 1, KEY))
                .expectNoEvents()
                .expectResultMessagePayload(new UsageReceipt(FIRST_ANSWER.items(), 3, true));
    }

    @Test
    void a_key_reused_with_another_request_is_refused_and_records_nothing() {
        idempotencyKeys.remember(TENANT_ID, KEY, FIRST_ANSWER);

        fixture.given(tenantOn(Plan.FREE, joined(MEMBER_ID, Role.MEMBER), tracked(EVENTS, 0, 1)))
                .when(single(EVENTS, -1, SAME_KEY_OTHER_BODY))
                .expectException(rejectedAs(IDEMPOTENCY_MISMATCH))
                .expectNoEvents();
    }

    @Test
    void a_refused_call_leaves_its_key_free_so_a_retry_is_decided_afresh() {
        fixture.given(tenantOn(Plan.FREE, joined(MEMBER_ID, Role.MEMBER), tracked(EVENTS, 0, 1)))
                .when(single(EVENTS, 1, KEY))
                .expectException(rejectedAs(LIMIT_EXCEEDED));

        assertThat(idempotencyKeys.claim(TENANT_ID, KEY)).isEmpty();
    }

    /** 3 events used, then forced down to FREE, which allows 1. */
    private static List<Object> overLimitOnEvents() {
        return tenantOn(Plan.STARTER, joined(MEMBER_ID, Role.MEMBER), tracked(EVENTS, 0, 3),
                planChanged(Plan.STARTER, Plan.FREE, EVENTS));
    }

    private static TrackUsage single(Metric metric, long delta) {
        return single(metric, delta, null);
    }

    private static TrackUsage single(Metric metric, long delta, IdempotencyKey key) {
        return new TrackUsage(TENANT_ID, List.of(item(metric, delta)), true, key, MEMBER);
    }

    private static TrackUsage batch(UsageItem... items) {
        return new TrackUsage(TENANT_ID, List.of(items), false, null, MEMBER);
    }

    private static UsageItem item(Metric metric, long delta) {
        return new UsageItem(metric, delta, AT);
    }

    private static UsageTracked trackedByMember(UsageChange... changes) {
        return new UsageTracked(TENANT_ID, Arrays.asList(changes), MEMBER_ID);
    }

    private static ItemOutcome accepted(Metric metric, long delta, long used, long limit) {
        return new ItemOutcome(metric, delta, true, used, limit, null);
    }

    private static ItemOutcome refused(Metric metric, long delta, long used, long limit, String refusal) {
        return new ItemOutcome(metric, delta, false, used, limit, refusal);
    }

    private static UsageReceipt receipt(long version, ItemOutcome... items) {
        return new UsageReceipt(List.of(items), version, false);
    }
}

package com.hackops.command.usage;

import com.hackops.command.rejection.Rejection;
import com.hackops.command.rejection.RejectionKind;
import com.hackops.events.types.Limits;
import com.hackops.events.types.Metric;
import com.hackops.events.usage.UsageChange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static com.hackops.events.types.Metric.ADMINS;
import static com.hackops.events.types.Metric.EVENTS;
import static com.hackops.events.types.Metric.PARTICIPANTS;
import static com.hackops.events.types.Metric.STORAGE_BYTES;
import static org.assertj.core.api.Assertions.assertThat;

class UsageLimitsTest {

    private static final Instant AT = Instant.parse("2025-03-14T18:30:00Z");
    private static final Limits LIMITS = Limits.of(5, 200, 1_000, 3);

    @Test
    void an_increment_that_reaches_the_limit_exactly_is_allowed() {
        assertThat(UsageLimits.allows(4, 5, 1)).isTrue();
        assertThat(UsageLimits.allows(0, 5, 5)).isTrue();
    }

    @Test
    void an_increment_past_the_limit_is_refused() {
        assertThat(UsageLimits.allows(4, 5, 2)).isFalse();
        assertThat(UsageLimits.allows(5, 5, 1)).isFalse();
    }

    @Test
    void an_increment_is_refused_while_usage_is_over_the_limit_but_a_decrement_is_not() {
        assertThat(UsageLimits.allows(7, 5, 1)).isFalse();
        assertThat(UsageLimits.allows(7, 5, -1)).isTrue();
        assertThat(UsageLimits.allows(7, 5, 0)).isTrue();
    }

    @Test
    void a_huge_increment_on_a_huge_limit_does_not_overflow_into_acceptance() {
        assertThat(UsageLimits.allows(1, Long.MAX_VALUE, Long.MAX_VALUE)).isFalse();
        assertThat(UsageLimits.allows(1, Long.MAX_VALUE, Long.MAX_VALUE - 1)).isTrue();
    }

    @Test
    void a_decrement_never_takes_usage_below_zero() {
        assertThat(UsageLimits.applied(2, -5)).isEqualTo(-2);
        assertThat(UsageLimits.applied(2, -1)).isEqualTo(-1);
        assertThat(UsageLimits.applied(0, -1)).isZero();
        assertThat(UsageLimits.applied(2, 3)).isEqualTo(3);
    }

    @Test
    void exceeded_lists_the_metrics_whose_usage_the_new_limits_do_not_cover() {
        Map<Metric, Long> usage = new EnumMap<>(Map.of(EVENTS, 2L, PARTICIPANTS, 50L, STORAGE_BYTES, 0L, ADMINS, 2L));

        Map<Metric, long[]> exceeded = UsageLimits.exceeded(usage::get, Limits.of(1, 50, 1_000, 1));

        assertThat(exceeded).containsOnlyKeys(EVENTS, ADMINS);
        assertThat(exceeded.get(EVENTS)).containsExactly(2, 1);
        assertThat(exceeded.get(ADMINS)).containsExactly(2, 1);
    }

    @Test
    void each_item_is_decided_on_the_usage_the_accepted_items_before_it_left() {
        Map<Metric, Long> usage = Map.of(EVENTS, 3L, PARTICIPANTS, 0L);

        var decision = UsageLimits.decide(usage::get, LIMITS, false, List.of(
                new UsageItem(EVENTS, 2, AT), new UsageItem(EVENTS, 1, AT),
                new UsageItem(PARTICIPANTS, 20, AT), new UsageItem(EVENTS, -1, AT)));

        assertThat(decision.outcomes()).containsExactly(
                new ItemOutcome(EVENTS, 2, true, 5, 5, null),
                new ItemOutcome(EVENTS, 1, false, 5, 5, "limit-exceeded"),
                new ItemOutcome(PARTICIPANTS, 20, true, 20, 200, null),
                new ItemOutcome(EVENTS, -1, true, 4, 5, null));
        assertThat(decision.changes()).containsExactly(
                new UsageChange(EVENTS, 2, 2, 5, AT),
                new UsageChange(PARTICIPANTS, 20, 20, 20, AT),
                new UsageChange(EVENTS, -1, -1, 4, AT));
        assertThat(decision.firstRefused()).isEqualTo(decision.outcomes().get(1));
    }

    @Test
    void a_suspended_tenant_has_its_increments_refused_and_its_decrements_applied() {
        var decision = UsageLimits.decide(metric -> 3L, LIMITS, true, List.of(
                new UsageItem(EVENTS, 1, AT), new UsageItem(EVENTS, -2, AT)));

        assertThat(decision.outcomes()).containsExactly(
                new ItemOutcome(EVENTS, 1, false, 3, 5, "tenant-suspended"),
                new ItemOutcome(EVENTS, -2, true, 1, 5, null));
        assertThat(decision.changes()).containsExactly(new UsageChange(EVENTS, -2, -2, 1, AT));
    }

    @Test
    void an_accepted_item_that_moves_nothing_is_answered_but_not_recorded() {
        var decision = UsageLimits.decide(metric -> 0L, LIMITS, false, List.of(
                new UsageItem(EVENTS, -4, AT), new UsageItem(EVENTS, 0, AT)));

        assertThat(decision.outcomes()).containsExactly(
                new ItemOutcome(EVENTS, -4, true, 0, 5, null),
                new ItemOutcome(EVENTS, 0, true, 0, 5, null));
        assertThat(decision.changes()).isEmpty();
        assertThat(decision.firstRefused()).isNull();
    }

    @Test
    void a_refused_item_becomes_a_limit_exceeded_rejection_with_the_numbers() {
        Rejection rejection = UsageLimits.rejectionOf(new ItemOutcome(EVENTS, 2, false, 4, 5, "limit-exceeded"));

        assertThat(rejection.kind()).isEqualTo(RejectionKind.LIMIT_EXCEEDED);
        assertThat(rejection.details()).containsExactlyInAnyOrderEntriesOf(
                Map.of("metric", EVENTS, "used", 4L, "limit", 5L, "requested", 2L));
        assertThat(rejection.getMessage()).isEqualTo("EVENTS would exceed its limit: 4 used of 5, +2 requested.");
    }

    @Test
    void an_increment_refused_by_a_suspension_becomes_a_tenant_suspended_rejection() {
        Rejection rejection = UsageLimits.rejectionOf(new ItemOutcome(EVENTS, 1, false, 0, 5, "tenant-suspended"));

        assertThat(rejection.kind()).isEqualTo(RejectionKind.TENANT_SUSPENDED);
        assertThat(rejection.details()).containsEntry("requested", 1L).containsEntry("metric", EVENTS);
    }

    @Test
    void an_item_without_a_time_happened_now() {
        Instant now = AT.plusSeconds(60);

        assertThat(UsageLimits.occurredAt(null, now)).isEqualTo(now);
        assertThat(UsageLimits.occurredAt(AT, now)).isEqualTo(AT);
    }
}

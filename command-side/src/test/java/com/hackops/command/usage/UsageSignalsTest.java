package com.hackops.command.usage;

import com.hackops.events.types.TenantId;
import com.hackops.events.usage.UsageOverLimitCleared;
import com.hackops.events.usage.UsageOverLimitEntered;
import com.hackops.events.usage.UsageThresholdCrossed;
import org.junit.jupiter.api.Test;

import static com.hackops.events.types.Metric.EVENTS;
import static com.hackops.events.types.Metric.STORAGE_BYTES;
import static org.assertj.core.api.Assertions.assertThat;

class UsageSignalsTest {

    private static final TenantId TENANT_ID = TenantId.of("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    private static final long GB = 1_000_000_000L;

    @Test
    void rising_to_80_percent_crosses_only_the_first_threshold() {
        assertThat(UsageSignals.of(TENANT_ID, EVENTS, 7, 10, 8, 10))
                .containsExactly(new UsageThresholdCrossed(TENANT_ID, EVENTS, 80, 8, 10));
    }

    @Test
    void rising_from_above_80_percent_to_the_limit_crosses_only_100_percent() {
        assertThat(UsageSignals.of(TENANT_ID, EVENTS, 9, 10, 10, 10))
                .containsExactly(new UsageThresholdCrossed(TENANT_ID, EVENTS, 100, 10, 10));
    }

    @Test
    void rising_from_nothing_to_the_limit_crosses_80_then_100_percent() {
        assertThat(UsageSignals.of(TENANT_ID, EVENTS, 0, 1, 1, 1)).containsExactly(
                new UsageThresholdCrossed(TENANT_ID, EVENTS, 80, 1, 1),
                new UsageThresholdCrossed(TENANT_ID, EVENTS, 100, 1, 1));
    }

    @Test
    void moving_within_a_band_or_down_signals_nothing() {
        assertThat(UsageSignals.of(TENANT_ID, EVENTS, 8, 10, 9, 10)).isEmpty();
        assertThat(UsageSignals.of(TENANT_ID, EVENTS, 10, 10, 7, 10)).isEmpty();
        assertThat(UsageSignals.of(TENANT_ID, EVENTS, 0, 10, 7, 10)).isEmpty();
    }

    @Test
    void a_lower_limit_under_the_usage_crosses_both_thresholds_and_enters_the_over_limit() {
        assertThat(UsageSignals.of(TENANT_ID, EVENTS, 3, 5, 3, 1)).containsExactly(
                new UsageThresholdCrossed(TENANT_ID, EVENTS, 80, 3, 1),
                new UsageThresholdCrossed(TENANT_ID, EVENTS, 100, 3, 1),
                new UsageOverLimitEntered(TENANT_ID, EVENTS, 3, 1));
    }

    @Test
    void falling_back_to_the_limit_clears_the_over_limit() {
        assertThat(UsageSignals.of(TENANT_ID, EVENTS, 3, 1, 1, 1))
                .containsExactly(new UsageOverLimitCleared(TENANT_ID, EVENTS, 1, 1));
    }

    @Test
    void falling_while_still_over_the_limit_signals_nothing() {
        assertThat(UsageSignals.of(TENANT_ID, EVENTS, 3, 1, 2, 1)).isEmpty();
    }

    @Test
    void a_larger_limit_clears_the_over_limit_without_crossing_anything() {
        assertThat(UsageSignals.of(TENANT_ID, EVENTS, 3, 1, 3, 5))
                .containsExactly(new UsageOverLimitCleared(TENANT_ID, EVENTS, 3, 5));
    }

    @Test
    void nothing_used_never_reaches_a_threshold_even_of_a_zero_limit() {
        assertThat(UsageSignals.reached(0, 0, 80)).isFalse();
        assertThat(UsageSignals.of(TENANT_ID, EVENTS, 0, 0, 0, 0)).isEmpty();
    }

    @Test
    void storage_thresholds_are_exact_to_the_byte() {
        long eightyPercentOf25Gb = 20 * GB;

        assertThat(UsageSignals.reached(eightyPercentOf25Gb - 1, 25 * GB, 80)).isFalse();
        assertThat(UsageSignals.reached(eightyPercentOf25Gb, 25 * GB, 80)).isTrue();
        assertThat(UsageSignals.of(TENANT_ID, STORAGE_BYTES, 0, 25 * GB, eightyPercentOf25Gb, 25 * GB))
                .containsExactly(new UsageThresholdCrossed(TENANT_ID, STORAGE_BYTES, 80, eightyPercentOf25Gb, 25 * GB));
    }
}

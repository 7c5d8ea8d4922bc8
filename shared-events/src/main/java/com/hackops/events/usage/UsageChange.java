package com.hackops.events.usage;

import com.hackops.events.types.Metric;

import java.time.Instant;

/**
 * One accepted usage item: {@code requested} is what the client asked for, {@code delta} what was applied
 * (they differ only when a decrement was clamped at zero), {@code used} the value after it.
 */
public record UsageChange(Metric metric, long requested, long delta, long used, Instant occurredAt) {
}

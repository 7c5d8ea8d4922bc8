package com.hackops.command.usage;

import com.hackops.events.types.Metric;

import java.time.Instant;

/** One usage report: a signed delta of a metric at a moment. */
public record UsageItem(Metric metric, long delta, Instant occurredAt) {
}

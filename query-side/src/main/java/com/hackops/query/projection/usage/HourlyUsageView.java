package com.hackops.query.projection.usage;

import java.time.Instant;

/** One hour of one metric: the sums of its increments and decrements, the value after the hour, its peak. */
public record HourlyUsageView(Instant hour, long increments, long decrements, int changes, long closing, long peak) {
}

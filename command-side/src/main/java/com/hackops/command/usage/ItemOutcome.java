package com.hackops.command.usage;

import com.hackops.events.types.Metric;

/**
 * What became of one usage item. {@code refusal} is {@code null} for an accepted item, otherwise the problem
 * type slug ({@code limit-exceeded}, {@code tenant-suspended}); {@code used} is the value after the item.
 */
public record ItemOutcome(Metric metric, long delta, boolean accepted, long used, long limit, String refusal) {
}

package com.hackops.query.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A billing statement of one tenant for [from, to), computed from the event store alone. Times are when events were
 * recorded, so a closed period's statement never changes. {@code fingerprint} is the SHA-256 of the canonical JSON of
 * everything else.
 */
public record Statement(UUID tenantId, Instant from, Instant to, EventRange events, List<PlanPeriod> plans,
                        List<MetricStatement> metrics, String fingerprint) {

    /** The events recorded in the period, and the last event the replay applied (at or before {@code to}). */
    public record EventRange(long count, Long firstPosition, Long lastPosition, long replayedThroughSequence,
                             long replayedThroughPosition) {
    }

    /**
     * A plan in force during part of the period, with the effective limits and features (a negotiated override
     * starts a new period of the same plan) and who chose them.
     */
    public record PlanPeriod(String plan, Map<String, Long> limits, List<String> features, Instant effectiveFrom,
                             Instant effectiveTo, String changedBy) {
    }

    /** Count and sum of the applied changes of one direction. */
    public record Tally(long count, long sum) {
    }

    /** An interval in which usage stood above the limit, and by how much at most. */
    public record OverLimitInterval(Instant from, Instant to, long peakExcess) {
    }

    /**
     * One metric over the period. {@code timeWeightedAverage} and {@code unitHours} (e.g. byte-hours) are decimal
     * strings with 6 places, rounded half-even, so they print the same everywhere.
     */
    public record MetricStatement(String metric, String unit, long opening, long closing, long peak,
                                  String timeWeightedAverage, String unitHours, Tally increments, Tally decrements,
                                  List<OverLimitInterval> overLimit) {
    }

    Statement withFingerprint(String fingerprint) {
        return new Statement(tenantId, from, to, events, plans, metrics, fingerprint);
    }
}

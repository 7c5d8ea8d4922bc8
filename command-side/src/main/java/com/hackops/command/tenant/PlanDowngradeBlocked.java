package com.hackops.command.tenant;

import com.hackops.command.rejection.Rejection;
import com.hackops.command.rejection.RejectionKind;
import com.hackops.events.types.Metric;
import com.hackops.events.types.Plan;

import java.util.List;
import java.util.Map;

/** A downgrade the current usage does not fit in; {@code exceeded} lists each offending metric. */
final class PlanDowngradeBlocked extends Rejection {

    private PlanDowngradeBlocked(String message, Map<String, Object> details) {
        super(RejectionKind.PLAN_DOWNGRADE_BLOCKED, message, details);
    }

    static PlanDowngradeBlocked ofOverride(Map<Metric, long[]> exceeded) {
        return new PlanDowngradeBlocked(
                "Current usage exceeds the resulting limits of %s; repeat with allowOverLimit=true to force it."
                        .formatted(exceeded.keySet()), Map.of("exceeded", offending(exceeded)));
    }

    private static List<Map<String, Object>> offending(Map<Metric, long[]> exceeded) {
        return exceeded.entrySet().stream()
                .map(e -> Map.<String, Object>of("metric", e.getKey(), "used", e.getValue()[0], "limit", e.getValue()[1]))
                .toList();
    }

    static PlanDowngradeBlocked of(Plan plan, Map<Metric, long[]> exceeded) {
        List<Map<String, Object>> offending = exceeded.entrySet().stream()
                .map(e -> Map.<String, Object>of("metric", e.getKey(), "used", e.getValue()[0], "limit", e.getValue()[1]))
                .toList();
        return new PlanDowngradeBlocked(
                "Current usage exceeds the %s limits of %s; repeat with allowOverLimit=true to force it."
                        .formatted(plan, exceeded.keySet()),
                Map.of("plan", plan, "exceeded", offending));
    }
}

package com.hackops.command.usage;

import com.hackops.events.types.Metric;
import com.hackops.events.types.TenantId;
import com.hackops.events.usage.UsageOverLimitCleared;
import com.hackops.events.usage.UsageOverLimitEntered;
import com.hackops.events.usage.UsageThresholdCrossed;

import java.util.ArrayList;
import java.util.List;

/**
 * The events that follow a gauge's move: crossing 80 % or 100 % of its limit on the way up, entering or leaving
 * the over-limit state. A move is a usage change, a membership change (ADMINS) or a new limit.
 */
public final class UsageSignals {

    static final int[] THRESHOLDS = {80, 100};

    private UsageSignals() {
    }

    public static List<Object> of(TenantId tenantId, Metric metric, long usedBefore, long limitBefore,
                                  long usedAfter, long limitAfter) {
        List<Object> events = new ArrayList<>(2);
        for (int percent : THRESHOLDS) {
            if (!reached(usedBefore, limitBefore, percent) && reached(usedAfter, limitAfter, percent)) {
                events.add(new UsageThresholdCrossed(tenantId, metric, percent, usedAfter, limitAfter));
            }
        }
        boolean wasOver = usedBefore > limitBefore;
        boolean isOver = usedAfter > limitAfter;
        if (!wasOver && isOver) {
            events.add(new UsageOverLimitEntered(tenantId, metric, usedAfter, limitAfter));
        } else if (wasOver && !isOver) {
            events.add(new UsageOverLimitCleared(tenantId, metric, usedAfter, limitAfter));
        }
        return events;
    }

    /** Usage at or above {@code percent} of the limit; nothing used never counts as reached. */
    static boolean reached(long used, long limit, int percent) {
        return used > 0 && (double) used * 100 >= (double) percent * limit;
    }
}

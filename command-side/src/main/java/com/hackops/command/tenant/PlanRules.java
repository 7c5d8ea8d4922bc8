package com.hackops.command.tenant;

import com.hackops.command.rejection.RejectionKind;
import com.hackops.command.rejection.Rejections;
import com.hackops.events.types.Metric;
import com.hackops.events.types.Plan;

import java.util.Map;

/** Rules of the commercial lifecycle: who may try which plan, what a negotiated override must say. */
final class PlanRules {

    /** {@code changedBy} of plan changes the platform makes on its own. */
    static final String SCHEDULE = "schedule:";
    static final String TRIAL_EXPIRY = "trial-expiry";
    static final int MAX_TRIAL_DAYS = 90;

    private PlanRules() {
    }

    /** A trial is of a higher paid plan, for 1 to 90 days, one at a time. */
    static void requireTrialAllowed(Plan current, boolean onTrial, Plan tried, int days) {
        if (onTrial) {
            throw Rejections.of(RejectionKind.INVALID_COMMAND, "A trial is already running.");
        }
        if (tried.ordinal() <= current.ordinal()) {
            throw Rejections.of(RejectionKind.INVALID_COMMAND, "A trial must be of a higher plan than " + current + ".");
        }
        if (days < 1 || days > MAX_TRIAL_DAYS) {
            throw Rejections.of(RejectionKind.INVALID_COMMAND, "A trial lasts 1 to " + MAX_TRIAL_DAYS + " days.");
        }
    }

    /** An override names at least one thing, gives a reason, and no negative limit. */
    static void requireValidOverride(Map<Metric, Long> limits, String reason) {
        if (reason == null || reason.isBlank()) {
            throw Rejections.of(RejectionKind.INVALID_COMMAND, "An override needs a reason.");
        }
        if (limits.values().stream().anyMatch(limit -> limit == null || limit < 0)) {
            throw Rejections.of(RejectionKind.INVALID_COMMAND, "Limits must not be negative.");
        }
    }
}

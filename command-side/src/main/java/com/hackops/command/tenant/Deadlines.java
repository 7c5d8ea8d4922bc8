package com.hackops.command.tenant;

import java.time.Instant;

/**
 * Deadlines the Tenant aggregate sets (persisted by Axon's db-scheduler deadline manager, so they survive
 * restarts). Each carries what identifies its cause; a deadline whose cause is gone (cancelled, replaced) is ignored.
 */
final class Deadlines {

    static final String SCHEDULED_PLAN_CHANGE = "scheduled-plan-change";
    static final String TRIAL_EXPIRY = "trial-expiry";

    private Deadlines() {
    }

    /** The scheduled plan change {@code scheduleId} is due. */
    record ScheduledPlanChangeDue(String scheduleId) {
    }

    /** The trial ending at {@code endsAt} is over. */
    record TrialDue(Instant endsAt) {
    }
}

package com.hackops.query.webhooks;

import com.hackops.events.tenant.PlanChanged;
import com.hackops.events.tenant.ScheduledPlanChangeFailed;
import com.hackops.events.usage.UsageOverLimitEntered;
import com.hackops.events.usage.UsageThresholdCrossed;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a tenant can subscribe an endpoint to, and which tenant events make each: a metric crossing 80 % or 100 % of
 * its limit, entering over-limit (after a forced downgrade or a lowered override), a plan change (also scheduled
 * ones and trial starts and ends), and a scheduled plan change that could not be applied at its instant.
 */
public enum WebhookEvent {
    THRESHOLD_80,
    THRESHOLD_100,
    OVER_LIMIT,
    PLAN_CHANGED,
    SCHEDULED_PLAN_CHANGE_FAILED;

    /** Event classes that can make a notification: the consumer decodes only these. */
    static final Set<String> SOURCES = Set.of(UsageThresholdCrossed.class.getName(), UsageOverLimitEntered.class.getName(),
            PlanChanged.class.getName(), ScheduledPlanChangeFailed.class.getName());

    /** A webhook to send: its type and the {@code data} member of its body. */
    record Notification(WebhookEvent type, Map<String, Object> data) {
    }

    /** The notification a tenant event makes, if it makes one. */
    static Optional<Notification> of(Object payload) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (payload instanceof UsageThresholdCrossed crossed) {
            data.put("metric", crossed.metric());
            data.put("percent", crossed.percent());
            data.put("used", crossed.used());
            data.put("limit", crossed.limit());
            return Optional.of(new Notification(crossed.percent() >= 100 ? THRESHOLD_100 : THRESHOLD_80, data));
        }
        if (payload instanceof UsageOverLimitEntered over) {
            data.put("metric", over.metric());
            data.put("used", over.used());
            data.put("limit", over.limit());
            return Optional.of(new Notification(OVER_LIMIT, data));
        }
        if (payload instanceof PlanChanged changed) {
            data.put("previousPlan", changed.previousPlan());
            data.put("plan", changed.plan());
            data.put("limits", changed.limits());
            data.put("features", sorted(changed.features()));
            data.put("overLimit", sorted(changed.overLimit()));
            data.put("changedBy", changed.changedBy());
            return Optional.of(new Notification(PLAN_CHANGED, data));
        }
        if (payload instanceof ScheduledPlanChangeFailed failed) {
            data.put("scheduleId", failed.scheduleId());
            data.put("plan", failed.plan());
            data.put("exceeded", sorted(failed.exceeded()));
            return Optional.of(new Notification(SCHEDULED_PLAN_CHANGE_FAILED, data));
        }
        return Optional.empty();
    }

    private static java.util.List<String> sorted(Collection<? extends Enum<?>> values) {
        return values.stream().map(Enum::name).sorted().toList();
    }
}

package com.hackops.command.usage;

import com.hackops.command.rejection.Rejection;
import com.hackops.command.rejection.RejectionKind;
import com.hackops.command.rejection.Rejections;
import com.hackops.events.types.Limits;
import com.hackops.events.types.Metric;
import com.hackops.events.usage.UsageChange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Every rule about plan limits, in one place. Pure functions of a tenant's state: the Tenant aggregate calls
 * them and applies what they decide, so the rules hold atomically for each tenant.
 */
public final class UsageLimits {

    public static final String LIMIT_EXCEEDED = RejectionKind.LIMIT_EXCEEDED.slug();
    public static final String TENANT_SUSPENDED = RejectionKind.TENANT_SUSPENDED.slug();

    private UsageLimits() {
    }

    /** ADMINS is counted from the members, never reported: a usage call that names it is refused as a whole. */
    public static void requireReportable(List<UsageItem> items) {
        for (UsageItem item : items) {
            if (!item.metric().reportedByClients()) {
                throw Rejections.of(RejectionKind.INVALID_COMMAND,
                        "ADMINS is counted from the members with role OWNER or ADMIN; it cannot be reported.");
            }
        }
    }

    /** An increment is allowed only while the metric stays within its limit; decrements always are. */
    public static boolean allows(long used, long limit, long delta) {
        return delta <= 0 || delta <= limit - used;
    }

    /** The delta actually applied: usage never goes below zero. */
    public static long applied(long used, long delta) {
        return delta >= 0 ? delta : Math.max(delta, -used);
    }

    /** Metrics whose current usage {@code limits} would not cover, with their usage and the new limit. */
    public static Map<Metric, long[]> exceeded(ToLongFunction<Metric> usage, Limits limits) {
        Map<Metric, long[]> exceeded = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            long used = usage.applyAsLong(metric);
            if (used > limits.of(metric)) {
                exceeded.put(metric, new long[] {used, limits.of(metric)});
            }
        }
        return exceeded;
    }

    /**
     * Decides the items in order; each accepted item moves the running usage the next item is decided on.
     *
     * @param incrementsRefused true while the tenant is suspended: increments are refused, decrements allowed
     */
    public static Decision decide(ToLongFunction<Metric> usage, Limits limits, boolean incrementsRefused,
                                  List<UsageItem> items) {
        Map<Metric, Long> running = new EnumMap<>(Metric.class);
        List<ItemOutcome> outcomes = new ArrayList<>(items.size());
        List<UsageChange> changes = new ArrayList<>(items.size());
        for (UsageItem item : items) {
            Metric metric = item.metric();
            long used = running.computeIfAbsent(metric, usage::applyAsLong);
            long limit = limits.of(metric);
            String refusal = refusal(used, limit, item.delta(), incrementsRefused);
            if (refusal != null) {
                outcomes.add(new ItemOutcome(metric, item.delta(), false, used, limit, refusal));
                continue;
            }
            long delta = applied(used, item.delta());
            running.put(metric, used + delta);
            outcomes.add(new ItemOutcome(metric, item.delta(), true, used + delta, limit, null));
            if (delta != 0) {
                changes.add(new UsageChange(metric, item.delta(), delta, used + delta, item.occurredAt()));
            }
        }
        return new Decision(outcomes, changes);
    }

    private static String refusal(long used, long limit, long delta, boolean incrementsRefused) {
        if (delta > 0 && incrementsRefused) {
            return TENANT_SUSPENDED;
        }
        return allows(used, limit, delta) ? null : LIMIT_EXCEEDED;
    }

    /** The rejection of a single refused item, as the client will see it. */
    public static Rejection rejectionOf(ItemOutcome refused) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("metric", refused.metric());
        details.put("used", refused.used());
        details.put("limit", refused.limit());
        details.put("requested", refused.delta());
        if (TENANT_SUSPENDED.equals(refused.refusal())) {
            return Rejections.of(RejectionKind.TENANT_SUSPENDED,
                    "The tenant is suspended: usage increments are refused.", details);
        }
        return limitExceeded(refused.metric(), refused.used(), refused.limit(), refused.delta());
    }

    public static Rejection limitExceeded(Metric metric, long used, long limit, long requested) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("metric", metric);
        details.put("used", used);
        details.put("limit", limit);
        details.put("requested", requested);
        return Rejections.of(RejectionKind.LIMIT_EXCEEDED,
                "%s would exceed its limit: %d used of %d, %+d requested.".formatted(metric, used, limit, requested),
                details);
    }

    /** The outcome of every item and the changes to record (accepted items that moved usage). */
    public record Decision(List<ItemOutcome> outcomes, List<UsageChange> changes) {

        public ItemOutcome firstRefused() {
            return outcomes.stream().filter(o -> !o.accepted()).findFirst().orElse(null);
        }
    }

    /** The instant an item happened at: the client's, or now. */
    public static Instant occurredAt(Instant reported, Instant now) {
        return reported != null ? reported : now;
    }
}

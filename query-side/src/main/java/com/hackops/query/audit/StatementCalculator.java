package com.hackops.query.audit;

import com.hackops.events.membership.MemberAdded;
import com.hackops.events.membership.MemberRemoved;
import com.hackops.events.membership.MemberRoleChanged;
import com.hackops.events.tenant.LimitsOverrideRemoved;
import com.hackops.events.tenant.LimitsOverridden;
import com.hackops.events.tenant.PlanChanged;
import com.hackops.events.tenant.TenantCreated;
import com.hackops.events.tenant.TenantImported;
import com.hackops.events.types.Limits;
import com.hackops.events.types.Metric;
import com.hackops.events.usage.UsageChange;
import com.hackops.events.usage.UsageTracked;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Computes a {@link Statement} by replaying a tenant's events in sequence order. Pure: the same events, period and
 * tenant always give the same statement. Usage is a step function of time that changes when an event is recorded;
 * its integral over the period gives the time-weighted average and the unit-hours.
 */
public final class StatementCalculator {

    private static final BigDecimal MILLIS_PER_HOUR = BigDecimal.valueOf(3_600_000);

    private final UUID tenantId;
    private final Instant from;
    private final Instant to;
    private final TenantState state = new TenantState();
    private final Map<Metric, Gauge> gauges = new EnumMap<>(Metric.class);
    private final List<Statement.PlanPeriod> plans = new ArrayList<>();
    private PlanStart plan;
    private boolean started;
    private long count;
    private Long firstPosition;
    private Long lastPosition;

    public StatementCalculator(UUID tenantId, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        this.tenantId = tenantId;
        this.from = from;
        this.to = to;
    }

    /** Feeds the next event of the tenant's stream; events recorded at or after {@code to} are ignored. */
    public void accept(StoredEvent event) {
        if (!event.recordedAt().isBefore(to)) {
            return;
        }
        if (event.recordedAt().isBefore(from)) {
            state.apply(event);
            return;
        }
        start();
        count++;
        firstPosition = firstPosition == null ? event.position() : firstPosition;
        lastPosition = event.position();
        Instant at = event.recordedAt();
        gauges.values().forEach(gauge -> gauge.advance(at));
        state.apply(event);
        Object payload = event.payload();
        if (payload instanceof TenantCreated || payload instanceof TenantImported || payload instanceof PlanChanged
                || payload instanceof LimitsOverridden || payload instanceof LimitsOverrideRemoved) {
            closePlan(at);
            plan = new PlanStart(at, state);
        }
        for (Gauge gauge : gauges.values()) {
            gauge.limit = state.limits() == null ? null : state.limits().of(gauge.metric);
        }
        if (payload instanceof UsageTracked tracked) {
            for (UsageChange change : tracked.changes()) {
                gauges.get(change.metric()).change(change.delta(), change.used(), at);
            }
        } else if (payload instanceof MemberAdded || payload instanceof MemberRemoved || payload instanceof MemberRoleChanged) {
            Gauge admins = gauges.get(Metric.ADMINS);
            long seats = state.used(Metric.ADMINS);
            if (seats != admins.value) {
                admins.change(seats - admins.value, seats, at);
            }
        }
        gauges.values().forEach(gauge -> gauge.checkOverLimit(at));
    }

    public Statement finish() {
        start();
        gauges.values().forEach(gauge -> gauge.advance(to));
        closePlan(to);
        List<Statement.MetricStatement> metrics = new ArrayList<>();
        long millis = to.toEpochMilli() - from.toEpochMilli();
        for (Gauge gauge : gauges.values()) {
            gauge.closeOverLimit(to);
            BigDecimal integral = new BigDecimal(gauge.integral);
            metrics.add(new Statement.MetricStatement(gauge.metric.name(), unitOf(gauge.metric), gauge.opening, gauge.value,
                    gauge.peak, integral.divide(BigDecimal.valueOf(millis), 6, RoundingMode.HALF_EVEN).toPlainString(),
                    integral.divide(MILLIS_PER_HOUR, 6, RoundingMode.HALF_EVEN).toPlainString(),
                    new Statement.Tally(gauge.incrementCount, gauge.incrementSum),
                    new Statement.Tally(gauge.decrementCount, gauge.decrementSum), List.copyOf(gauge.overLimit)));
        }
        return new Statement(tenantId, from, to, new Statement.EventRange(count, firstPosition, lastPosition,
                state.sequence(), state.position()), List.copyOf(plans), metrics, null);
    }

    /** The state at {@code from}: opening values, the plan in force. */
    private void start() {
        if (started) {
            return;
        }
        started = true;
        for (Metric metric : Metric.values()) {
            Gauge gauge = new Gauge(metric, state.used(metric), from);
            gauge.limit = state.limits() == null ? null : state.limits().of(metric);
            gauge.checkOverLimit(from);
            gauges.put(metric, gauge);
        }
        if (state.exists()) {
            plan = new PlanStart(from, state);
        }
    }

    private void closePlan(Instant end) {
        if (plan != null && end.isAfter(plan.from)) {
            plans.add(new Statement.PlanPeriod(plan.plan, plan.limits, plan.features, plan.from, end, plan.changedBy));
        }
        plan = null;
    }

    private static String unitOf(Metric metric) {
        return switch (metric) {
            case STORAGE_BYTES -> "bytes";
            case ADMINS -> "seats";
            default -> "count";
        };
    }

    private static final class PlanStart {
        final Instant from;
        final String plan;
        final Map<String, Long> limits = new LinkedHashMap<>();
        final List<String> features;
        final String changedBy;

        PlanStart(Instant from, TenantState state) {
            this.from = from;
            this.plan = state.plan();
            Limits granted = state.limits();
            for (Metric metric : Metric.values()) {
                limits.put(metric.name(), granted.of(metric));
            }
            this.features = state.features().stream().map(Enum::name).sorted().toList();
            this.changedBy = state.lastChangedBy();
        }
    }

    /** One metric's step function over the period. */
    private static final class Gauge {
        final Metric metric;
        final long opening;
        long value;
        Long limit;
        long peak;
        Instant since;
        BigInteger integral = BigInteger.ZERO;
        long incrementCount;
        long incrementSum;
        long decrementCount;
        long decrementSum;
        Instant overSince;
        long overPeak;
        final List<Statement.OverLimitInterval> overLimit = new ArrayList<>();

        Gauge(Metric metric, long opening, Instant from) {
            this.metric = metric;
            this.opening = opening;
            this.value = opening;
            this.peak = opening;
            this.since = from;
        }

        void advance(Instant at) {
            long millis = at.toEpochMilli() - since.toEpochMilli();
            if (millis > 0) {
                integral = integral.add(BigInteger.valueOf(value).multiply(BigInteger.valueOf(millis)));
                since = at;
            }
        }

        void change(long delta, long after, Instant at) {
            if (delta > 0) {
                incrementCount++;
                incrementSum += delta;
            } else if (delta < 0) {
                decrementCount++;
                decrementSum += -delta;
            }
            value = after;
            peak = Math.max(peak, after);
            if (overSince != null && limit != null) {
                overPeak = Math.max(overPeak, after - limit);
            }
        }

        void checkOverLimit(Instant at) {
            boolean over = limit != null && value > limit;
            if (over && overSince == null) {
                overSince = at;
                overPeak = value - limit;
            } else if (over) {
                overPeak = Math.max(overPeak, value - limit);
            } else {
                closeOverLimit(at);
            }
        }

        void closeOverLimit(Instant at) {
            if (overSince != null) {
                overLimit.add(new Statement.OverLimitInterval(overSince, at, overPeak));
                overSince = null;
            }
        }
    }
}

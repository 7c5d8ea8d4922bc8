package com.hackops.query.audit;

import com.hackops.events.types.Metric;
import com.hackops.query.projection.usage.UsageStatus;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Statements and as-of answers, by replay of the event store only — the read models are never consulted. */
@Component
public class Billing {

    private final EventStoreReader events;

    Billing(EventStoreReader events) {
        this.events = events;
    }

    /** The statement of [from, to) as canonical JSON bytes (fingerprint included). */
    public byte[] statement(UUID tenantId, Instant from, Instant to) {
        StatementCalculator calculator = new StatementCalculator(tenantId, from, to);
        events.forEach(tenantId, -1, Long.MAX_VALUE, to, calculator::accept);
        return CanonicalJson.fingerprinted(calculator.finish());
    }

    /** [first instant, first instant of the next month) of a calendar month in UTC. */
    public static Instant[] period(YearMonth month) {
        return new Instant[] {month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC)};
    }

    /** Plan, limits and usage as they stood at {@code asOf}: the state after every event recorded until then. */
    public AsOf asOf(UUID tenantId, Instant asOf) {
        TenantState state = new TenantState();
        events.forEach(tenantId, -1, Long.MAX_VALUE, asOf, state::apply);
        if (!state.exists()) {
            return null;
        }
        List<AsOf.MetricAt> metrics = new ArrayList<>();
        for (Metric metric : Metric.values()) {
            long used = state.used(metric);
            long limit = state.limits().of(metric);
            metrics.add(new AsOf.MetricAt(metric.name(), used, limit, UsageStatus.percent(used, limit), UsageStatus.of(used, limit)));
        }
        return new AsOf(tenantId, asOf, state.plan(), state.status(), metrics, state.sequence(), state.position());
    }

    /** The answer of an as-of query; {@code version} is the sequence of the last event it includes. */
    public record AsOf(UUID tenantId, Instant asOf, String plan, String status, List<MetricAt> metrics, long version,
                       long position) {

        public record MetricAt(String metric, long used, long limit, Double percent, UsageStatus status) {
        }
    }
}

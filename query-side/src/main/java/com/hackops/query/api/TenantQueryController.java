package com.hackops.query.api;

import com.hackops.events.types.Metric;
import com.hackops.platform.security.Caller;
import com.hackops.query.audit.Billing;
import com.hackops.query.projection.member.MemberView;
import com.hackops.query.projection.member.Members;
import com.hackops.query.projection.plan.PlanHistory;
import com.hackops.query.projection.tenant.TenantSummaries;
import com.hackops.query.projection.tenant.TenantSummaryView;
import com.hackops.query.projection.usage.HourlyUsageView;
import com.hackops.query.projection.usage.MetricUsageView;
import com.hackops.query.projection.usage.UsageAlertView;
import com.hackops.query.projection.usage.UsageReads;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What dashboards read about one tenant. Any member may read; others get 404. Every endpoint accepts the version a
 * command answered ({@code minVersion} or header {@code Hackops-Min-Version}) and then waits, bounded, until the read
 * models reached it; every answer carries the version it shows in {@code Hackops-Version}.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}")
@Tag(name = "tenant dashboards")
class TenantQueryController {

    static final String MIN_VERSION = "Hackops-Min-Version";
    static final String VERSION = "Hackops-Version";
    private static final Duration MAX_HISTORY = Duration.ofDays(93);

    private final TenantVisibility visibility;
    private final ReadYourWrites readYourWrites;
    private final TenantSummaries summaries;
    private final UsageReads usage;
    private final Members members;
    private final PlanHistory plans;
    private final Billing billing;

    TenantQueryController(TenantVisibility visibility, ReadYourWrites readYourWrites, TenantSummaries summaries,
                          UsageReads usage, Members members, PlanHistory plans, Billing billing) {
        this.billing = billing;
        this.visibility = visibility;
        this.readYourWrites = readYourWrites;
        this.summaries = summaries;
        this.usage = usage;
        this.members = members;
        this.plans = plans;
    }

    record TenantAnswer(UUID tenantId, String name, String slug, String status, String plan, List<String> features,
                        Map<String, Long> limits, OverrideAnswer override, TenantSummaryView.ScheduledPlanChange scheduledPlanChange,
                        TenantSummaryView.Trial trial, Instant createdAt, Instant updatedAt, long version) {
    }

    /** The negotiated limits (metric → limit), feature grants/withdrawals and the reason. */
    record OverrideAnswer(Map<String, Long> limits, com.fasterxml.jackson.databind.JsonNode features, String reason) {
    }

    record UsageAnswer(UUID tenantId, String plan, String status, List<MetricUsageView> metrics, long version) {

        /** The tenant's usage with its plan, status and version, in one statement; a tenant not bound is not found. */
        static UsageAnswer read(UsageReads usage, UUID tenantId) {
            return usage.tenantUsage(tenantId)
                    .map(u -> new UsageAnswer(tenantId, u.plan(), u.status(), u.metrics(), u.version()))
                    .orElseThrow(TenantVisibility.TenantNotFound::new);
        }
    }

    record HistoryAnswer(UUID tenantId, Metric metric, Instant from, Instant to, List<HourlyUsageView> buckets) {
    }

    record MembersAnswer(UUID tenantId, List<MemberView> members) {
    }

    record AlertsAnswer(UUID tenantId, List<UsageAlertView> alerts) {
    }

    record PlansAnswer(UUID tenantId, List<PlanHistory.PlanChangeView> plans) {
    }

    @GetMapping
    @Operation(summary = "Profile, status, plan, features and limits")
    ResponseEntity<TenantAnswer> tenant(@PathVariable UUID tenantId, Caller caller,
                                        @Parameter(description = "wait until this version is visible") @RequestParam(required = false) Long minVersion,
                                        @RequestHeader(name = MIN_VERSION, required = false) Long minVersionHeader) {
        readYourWrites.await(tenantId, first(minVersion, minVersionHeader));
        TenantAnswer answer = visibility.read(caller, tenantId, "tenant", () -> {
            TenantSummaryView s = summaries.find(tenantId).orElseThrow(TenantVisibility.TenantNotFound::new);
            Map<String, Long> limits = usage.current(tenantId).stream()
                    .collect(Collectors.toMap(MetricUsageView::metric, MetricUsageView::limit, (a, b) -> a, java.util.LinkedHashMap::new));
            OverrideAnswer override = s.override() == null ? null
                    : new OverrideAnswer(usage.overrides(tenantId), readJson(s.override().features()), s.override().reason());
            return new TenantAnswer(s.tenantId(), s.name(), s.slug(), s.status(), s.plan(), s.features(), limits,
                    override, s.scheduledPlanChange(), s.trial(), s.createdAt(), s.updatedAt(), s.version());
        });
        return versioned(answer.version(), answer);
    }

    @GetMapping("/usage")
    @Operation(summary = "Current usage per metric: used, limit, percent, status (OK, WARNING >= 80 %, AT_LIMIT, "
            + "OVER_LIMIT); with asOf, the plan, limits and usage at that instant, by replay of the event store")
    ResponseEntity<?> usage(@PathVariable UUID tenantId, Caller caller,
                            @RequestParam(required = false) Long minVersion,
                            @RequestHeader(name = MIN_VERSION, required = false) Long minVersionHeader,
                            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant asOf) {
        if (asOf != null) {
            visibility.read(caller, tenantId, "usage as of " + asOf, () -> Boolean.TRUE);
            Billing.AsOf answer = billing.asOf(tenantId, asOf);
            if (answer == null) {
                throw new IllegalArgumentException("the tenant did not exist yet at " + asOf);
            }
            return versioned(answer.version(), answer);
        }
        readYourWrites.await(tenantId, first(minVersion, minVersionHeader));
        UsageAnswer answer = visibility.read(caller, tenantId, "usage", () -> UsageAnswer.read(usage, tenantId));
        return versioned(answer.version(), answer);
    }

    @GetMapping("/usage/history")
    @Operation(summary = "Hourly buckets of one metric between from (inclusive) and to (exclusive); default: the last 24 hours")
    ResponseEntity<HistoryAnswer> history(@PathVariable UUID tenantId, Caller caller, @RequestParam Metric metric,
                          @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                          @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                          @RequestParam(required = false) Long minVersion,
                          @RequestHeader(name = MIN_VERSION, required = false) Long minVersionHeader) {
        Instant end = to != null ? to : Instant.now().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        Instant start = from != null ? from : end.minus(1, ChronoUnit.DAYS);
        if (!start.isBefore(end) || Duration.between(start, end).compareTo(MAX_HISTORY) > 0) {
            throw new IllegalArgumentException("from must be before to, at most 93 days apart");
        }
        return read(tenantId, caller, "usage history", first(minVersion, minVersionHeader),
                () -> new HistoryAnswer(tenantId, metric, start, end, usage.hourly(tenantId, metric.name(), start, end)));
    }

    @GetMapping("/usage/alerts")
    @Operation(summary = "The latest threshold crossings and over-limit changes, newest first")
    ResponseEntity<AlertsAnswer> alerts(@PathVariable UUID tenantId, Caller caller,
                                        @RequestParam(required = false) Long minVersion,
                                        @RequestHeader(name = MIN_VERSION, required = false) Long minVersionHeader) {
        return read(tenantId, caller, "usage alerts", first(minVersion, minVersionHeader),
                () -> new AlertsAnswer(tenantId, usage.alerts(tenantId, 100)));
    }

    @GetMapping("/members")
    @Operation(summary = "Members with role, e-mail and display name (\"[erased]\" once a person's data was erased)")
    ResponseEntity<MembersAnswer> members(@PathVariable UUID tenantId, Caller caller,
                                          @RequestParam(required = false) Long minVersion,
                                          @RequestHeader(name = MIN_VERSION, required = false) Long minVersionHeader) {
        return read(tenantId, caller, "members", first(minVersion, minVersionHeader),
                () -> new MembersAnswer(tenantId, members.of(tenantId)));
    }

    @GetMapping("/plans")
    @Operation(summary = "Plan history: every plan with the limits and features it granted, who chose it, when")
    ResponseEntity<PlansAnswer> plans(@PathVariable UUID tenantId, Caller caller,
                                      @RequestParam(required = false) Long minVersion,
                                      @RequestHeader(name = MIN_VERSION, required = false) Long minVersionHeader) {
        return read(tenantId, caller, "plan history", first(minVersion, minVersionHeader),
                () -> new PlansAnswer(tenantId, plans.of(tenantId)));
    }

    /** Waits for {@code minVersion}, reads, and answers with the version the read saw. */
    private <T> ResponseEntity<T> read(UUID tenantId, Caller caller, String what, Long minVersion, Supplier<T> read) {
        readYourWrites.await(tenantId, minVersion);
        Versioned<T> answer = visibility.read(caller, tenantId, what,
                () -> new Versioned<>(read.get(), summaries.version(tenantId)));
        return versioned(answer.version(), answer.body());
    }

    /** What a read returned and the version of the read models it saw (same transaction). */
    private record Versioned<T>(T body, long version) {
    }

    private static com.fasterxml.jackson.databind.JsonNode readJson(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Long first(Long a, Long b) {
        return a != null ? a : b;
    }

    private static <T> ResponseEntity<T> versioned(long version, T body) {
        return ResponseEntity.ok().header(VERSION, Long.toString(version)).body(body);
    }
}

package com.hackops.query.audit;

import com.hackops.events.membership.MemberAdded;
import com.hackops.events.tenant.PlanChanged;
import com.hackops.events.tenant.TenantCreated;
import com.hackops.events.types.Feature;
import com.hackops.events.types.Limits;
import com.hackops.events.types.Metric;
import com.hackops.events.types.Plan;
import com.hackops.events.types.Role;
import com.hackops.events.types.TenantId;
import com.hackops.events.usage.UsageChange;
import com.hackops.events.usage.UsageTracked;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scripted November: plan changes mid-period, a forced downgrade, an over-limit interval, decrements. Every
 * expected figure below was computed by hand (see the comments); November has 720 hours.
 */
class StatementCalculatorTest {

    private static final UUID TENANT = UUID.fromString("00000000-0000-0000-0000-00000000b111");
    private static final TenantId ID = new TenantId(TENANT);
    private static final Limits FREE = Limits.of(1, 50, 1_000_000_000L, 1);
    private static final Limits STARTER = Limits.of(5, 200, 5_000_000_000L, 3);
    private static final Instant NOV_1 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant DEC_1 = Instant.parse("2026-12-01T00:00:00Z");

    private final List<StoredEvent> events = new ArrayList<>();

    private void at(String instant, Object payload) {
        events.add(new StoredEvent(100 + events.size(), "e" + events.size(), events.size(), Instant.parse(instant),
                payload.getClass().getName() + ".v1", payload));
    }

    private UsageTracked usage(Metric metric, long delta, long used, String instant) {
        return new UsageTracked(ID, List.of(new UsageChange(metric, delta, delta, used, Instant.parse(instant))), "svc");
    }

    private List<StoredEvent> november() {
        events.clear();
        at("2026-10-20T09:00:00Z", new TenantCreated(ID, "Acme", "acme", Plan.FREE, FREE, Set.of(), "owner"));
        at("2026-10-20T09:00:00Z", new MemberAdded(ID, "owner", null, Role.OWNER, "owner"));
        at("2026-10-25T00:00:00Z", usage(Metric.STORAGE_BYTES, 400_000_000, 400_000_000, "2026-10-25T00:00:00Z"));
        at("2026-11-11T00:00:00Z", new PlanChanged(ID, Plan.FREE, Plan.STARTER, STARTER,
                Set.of(Feature.API_ACCESS, Feature.CUSTOM_BRANDING), Set.of(), "owner"));
        at("2026-11-11T12:00:00Z", usage(Metric.STORAGE_BYTES, 3_600_000_000L, 4_000_000_000L, "2026-11-11T12:00:00Z"));
        at("2026-11-16T00:00:00Z", usage(Metric.PARTICIPANTS, 30, 30, "2026-11-16T00:00:00Z"));
        at("2026-11-18T00:00:00Z", usage(Metric.PARTICIPANTS, -10, 20, "2026-11-18T00:00:00Z"));
        at("2026-11-21T00:00:00Z", new PlanChanged(ID, Plan.STARTER, Plan.FREE, FREE, Set.of(),
                Set.of(Metric.STORAGE_BYTES), "billing-operator"));
        at("2026-11-26T00:00:00Z", usage(Metric.STORAGE_BYTES, -3_500_000_000L, 500_000_000, "2026-11-26T00:00:00Z"));
        at("2026-12-02T00:00:00Z", usage(Metric.PARTICIPANTS, 5, 25, "2026-12-02T00:00:00Z"));
        return events;
    }

    private static Statement compute(List<StoredEvent> events) {
        StatementCalculator calculator = new StatementCalculator(TENANT, NOV_1, DEC_1);
        events.forEach(calculator::accept);
        return calculator.finish();
    }

    private static Statement.MetricStatement metric(Statement statement, Metric metric) {
        return statement.metrics().stream().filter(m -> m.metric().equals(metric.name())).findFirst().orElseThrow();
    }

    @Test
    void storage_is_billed_in_byte_hours_across_plan_changes_and_an_over_limit_interval() {
        Statement statement = compute(november());
        Statement.MetricStatement storage = metric(statement, Metric.STORAGE_BYTES);
        assertThat(storage.opening()).isEqualTo(400_000_000L);
        assertThat(storage.closing()).isEqualTo(500_000_000L);
        assertThat(storage.peak()).isEqualTo(4_000_000_000L);
        // 252 h x 0.4 GB + 348 h x 4 GB + 120 h x 0.5 GB = 100.8 + 1392 + 60 = 1552.8 GB-hours
        assertThat(storage.unitHours()).isEqualTo("1552800000000.000000");
        // 1552.8e9 / 720 h = 2156666666.666...
        assertThat(storage.timeWeightedAverage()).isEqualTo("2156666666.666667");
        assertThat(storage.increments()).isEqualTo(new Statement.Tally(1, 3_600_000_000L));
        assertThat(storage.decrements()).isEqualTo(new Statement.Tally(1, 3_500_000_000L));
        assertThat(storage.overLimit()).containsExactly(new Statement.OverLimitInterval(
                Instant.parse("2026-11-21T00:00:00Z"), Instant.parse("2026-11-26T00:00:00Z"), 3_000_000_000L));
    }

    @Test
    void participants_and_admin_seats() {
        Statement statement = compute(november());
        Statement.MetricStatement participants = metric(statement, Metric.PARTICIPANTS);
        assertThat(participants.opening()).isZero();
        assertThat(participants.closing()).as("the December increment is outside the period").isEqualTo(20);
        assertThat(participants.peak()).isEqualTo(30);
        // 48 h x 30 + 312 h x 20 = 1440 + 6240 = 7680 participant-hours; / 720 = 10.666...
        assertThat(participants.unitHours()).isEqualTo("7680.000000");
        assertThat(participants.timeWeightedAverage()).isEqualTo("10.666667");
        assertThat(participants.increments()).isEqualTo(new Statement.Tally(1, 30));
        assertThat(participants.decrements()).isEqualTo(new Statement.Tally(1, 10));
        assertThat(participants.overLimit()).isEmpty();
        Statement.MetricStatement admins = metric(statement, Metric.ADMINS);
        assertThat(admins.opening()).isEqualTo(1);
        assertThat(admins.unitHours()).isEqualTo("720.000000");
    }

    @Test
    void the_plan_timeline_says_what_was_in_force_when_and_who_chose_it() {
        Statement statement = compute(november());
        assertThat(statement.plans()).extracting(Statement.PlanPeriod::plan).containsExactly("FREE", "STARTER", "FREE");
        assertThat(statement.plans().get(0).effectiveFrom()).isEqualTo(NOV_1);
        assertThat(statement.plans().get(0).effectiveTo()).isEqualTo(Instant.parse("2026-11-11T00:00:00Z"));
        assertThat(statement.plans().get(1).limits().get("STORAGE_BYTES")).isEqualTo(5_000_000_000L);
        assertThat(statement.plans().get(1).features()).containsExactly("API_ACCESS", "CUSTOM_BRANDING");
        assertThat(statement.plans().get(2).changedBy()).isEqualTo("billing-operator");
        assertThat(statement.plans().get(2).effectiveTo()).isEqualTo(DEC_1);
        assertThat(statement.events().count()).isEqualTo(6);
        assertThat(statement.events().firstPosition()).isEqualTo(103);
        assertThat(statement.events().lastPosition()).isEqualTo(108);
        assertThat(statement.events().replayedThroughSequence()).isEqualTo(8);
    }

    @Test
    void the_same_events_give_byte_identical_statements_and_any_change_a_new_fingerprint() {
        byte[] first = CanonicalJson.fingerprinted(compute(november()));
        byte[] second = CanonicalJson.fingerprinted(compute(november()));
        assertThat(second).isEqualTo(first);
        String text = new String(first, StandardCharsets.UTF_8);
        assertThat(text).startsWith("{\"events\":").contains("\"fingerprint\":\"sha256:");

        List<StoredEvent> changed = new ArrayList<>(november());
        changed.set(6, new StoredEvent(106, "e6", 6, Instant.parse("2026-11-18T00:00:00Z"),
                UsageTracked.class.getName() + ".v1", usage(Metric.PARTICIPANTS, -11, 19, "2026-11-18T00:00:00Z")));
        assertThat(metric(compute(changed), Metric.PARTICIPANTS).closing()).isEqualTo(19);
        String fingerprint = text.substring(text.indexOf("sha256:"), text.indexOf("sha256:") + 71);
        assertThat(new String(CanonicalJson.fingerprinted(compute(changed)), StandardCharsets.UTF_8))
                .contains("\"fingerprint\":\"sha256:").doesNotContain(fingerprint);
    }

    @Test
    void a_tenant_created_inside_the_period_starts_from_zero_at_its_creation() {
        events.clear();
        at("2026-11-16T00:00:00Z", new TenantCreated(ID, "New", "new", Plan.STARTER, STARTER, Set.of(), "owner"));
        at("2026-11-16T00:00:00Z", usage(Metric.EVENTS, 2, 2, "2026-11-16T00:00:00Z"));
        Statement statement = compute(events);
        assertThat(statement.plans()).hasSize(1);
        assertThat(statement.plans().get(0).effectiveFrom()).isEqualTo(Instant.parse("2026-11-16T00:00:00Z"));
        // 360 h x 2 events = 720 event-hours
        assertThat(metric(statement, Metric.EVENTS).unitHours()).isEqualTo("720.000000");
        assertThat(metric(statement, Metric.EVENTS).opening()).isZero();
    }
}

package com.hackops.query.projection;

import com.hackops.events.tenant.LimitsOverridden;
import com.hackops.events.tenant.PlanChanged;
import com.hackops.events.types.Metric;
import com.hackops.events.types.Plan;
import com.hackops.events.usage.UsageChange;
import com.hackops.events.usage.UsageTracked;
import com.hackops.query.isolation.TenantContext;
import com.hackops.query.support.History;
import com.hackops.query.support.QueryIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run of a tenant's events applied at once (folded into fewer statements), and runs of several tenants applied
 * together (usage reports in one statement for all of them), leave exactly the rows that applying the events one by
 * one leaves: the same generated history goes to several tenants, one event at a time, in one run, and in polls of
 * three tenants' runs.
 */
@QueryIntegrationTest
class FoldedRunIT {

    private static final List<Metric> REPORTED = List.of(Metric.EVENTS, Metric.PARTICIPANTS, Metric.STORAGE_BYTES);
    private static final List<String> READ_MODEL_TABLES = List.of("tenant_summary", "tenant_member", "tenant_usage",
            "usage_hourly", "plan_history", "usage_alert", "projection_stream", "parked_event");
    private static final List<Instant> ODD_TIMES = List.of(Instant.parse("0000-06-01T10:20:30Z"),
            Instant.parse("-0001-12-31T23:59:59.999999Z"), Instant.parse("+10000-01-01T00:00:00Z"));
    /** Both tenants' events happen at the same instants. */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Autowired
    Projector projector;
    @Autowired
    List<TenantProjection> projections;
    @Autowired
    TenantContext context;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void a_run_applied_at_once_leaves_the_rows_one_by_one_leaves() {
        for (long seed = 1; seed <= 5; seed++) {
            History oneByOne = script(History.created("one by one"), new Random(seed));
            History atOnce = script(History.created("at once"), new Random(seed));

            List<TenantEvent> single = events(oneByOne);
            single.forEach(event -> inTransaction(() -> projector.applyAll(List.of(event))));
            List<TenantEvent> run = events(atOnce);
            // a redelivered head of the run is recognised inside the run as well
            inTransaction(() -> projector.applyAll(run.subList(0, 3)));
            List<Projector.Outcome> outcomes = inTransaction(() -> projector.applyAll(run));

            assertThat(outcomes.subList(0, 3)).containsOnly(Projector.Outcome.DUPLICATE);
            assertThat(outcomes.subList(3, outcomes.size())).containsOnly(Projector.Outcome.APPLIED);
            assertThat(rows(atOnce.tenant)).as("seed " + seed).isEqualTo(rows(oneByOne.tenant)).isNotEmpty();
        }
    }

    @Test
    void runs_of_several_tenants_applied_together_leave_the_rows_one_by_one_leaves() {
        for (long seed = 1; seed <= 5; seed++) {
            History oneByOne = script(History.created("one by one"), new Random(seed));
            List<TenantEvent> single = events(oneByOne);
            single.forEach(event -> inTransaction(() -> projector.applyAll(List.of(event))));
            List<List<TenantEvent>> streams = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                streams.add(events(script(History.created("together " + t), new Random(seed))));
            }
            // the first tenant's head arrives twice: in the first poll it is recognised, its run goes the general way
            inTransaction(() -> projector.applyAll(streams.get(0).subList(0, 3)));

            Random polls = new Random(seed);
            int[] next = new int[streams.size()];
            List<Projector.Outcome> firstTenant = new ArrayList<>();
            int together = 0;
            while (Arrays.stream(next).anyMatch(applied -> applied < single.size())) {
                List<List<TenantEvent>> runs = new ArrayList<>();
                for (int t = 0; t < streams.size(); t++) {
                    // runs of 1-4 events: many are usage reports only (applied in one statement), some are mixed
                    int end = Math.min(single.size(), next[t] + 1 + polls.nextInt(4));
                    if (next[t] < end) {
                        runs.add(streams.get(t).subList(next[t], end));
                    }
                    next[t] = end;
                }
                List<List<Projector.Outcome>> outcomes = inTransaction(() -> projector.applyRuns(runs));
                for (int r = 0; r < runs.size(); r++) {
                    if (runs.get(r).get(0).tenantId().equals(streams.get(0).get(0).tenantId())) {
                        firstTenant.addAll(outcomes.get(r));
                    }
                }
                together += runs.stream().filter(run -> run.stream().allMatch(e -> e.payload() instanceof UsageTracked)).count();
            }

            assertThat(together).as("runs of usage reports only").isGreaterThan(10);
            assertThat(firstTenant.subList(0, 3)).containsOnly(Projector.Outcome.DUPLICATE);
            assertThat(firstTenant.subList(3, firstTenant.size())).containsOnly(Projector.Outcome.APPLIED);
            List<String> expected = rows(oneByOne.tenant);
            for (List<TenantEvent> stream : streams) {
                assertThat(rows(stream.get(0).tenantId())).as("seed " + seed).isEqualTo(expected).isNotEmpty();
            }
        }
    }

    @Test
    void no_projection_but_current_usage_writes_for_a_usage_report() {
        // the runs applied in one statement stand for every projection: none other may react to a usage report
        History history = History.created("usage report");
        history.add(new UsageTracked(history.id, List.of(new UsageChange(Metric.EVENTS, 1, 1, 1, NOW)), history.owner));
        List<TenantEvent> events = events(history);
        TenantEvent report = events.get(events.size() - 1);
        inTransaction(() -> projector.applyAll(events.subList(0, events.size() - 1)));
        for (TenantProjection projection : projections) {
            Map<String, Long> writes = inTransaction(() -> {
                context.bindTenant(history.tenant);
                projection.apply(report);
                // the tenant's rows this transaction wrote (inserted or updated), per read-model table
                Map<String, Long> written = new java.util.TreeMap<>();
                for (String table : READ_MODEL_TABLES) {
                    written.put(table, jdbc.queryForObject(
                            "SELECT count(*) FROM " + table + " WHERE xmin = pg_current_xact_id()::xid", Long.class));
                }
                return written;
            });
            boolean currentUsage = projection.getClass().getSimpleName().equals("CurrentUsageProjection");
            assertThat(writes.values().stream().mapToLong(Long::longValue).sum())
                    .as(projection.getClass().getSimpleName() + " " + writes).isEqualTo(currentUsage ? 2L : 0L);
        }
    }

    @Test
    void runs_together_need_the_transactions_generation() {
        History history = script(History.created("no generation"), new Random(7));
        List<TenantEvent> events = events(history);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new TransactionTemplate(transactions)
                .executeWithoutResult(status -> projector.applyRuns(List.of(events.subList(0, 1))))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("generation");
    }

    /** Usage reports of several metrics and hours (some in the past), with plan changes and overrides between. */
    private static History script(History history, Random random) {
        long[] used = new long[REPORTED.size()];
        for (int i = 0; i < 120; i++) {
            int kind = random.nextInt(20);
            if (kind == 0) {
                boolean up = random.nextBoolean();
                history.add(new PlanChanged(history.id, up ? Plan.FREE : Plan.STARTER, up ? Plan.STARTER : Plan.FREE,
                        up ? History.STARTER : History.FREE, Set.of(), Set.of(), history.owner));
            } else if (kind == 1) {
                history.add(new LimitsOverridden(history.id, Map.of(Metric.PARTICIPANTS, 1_000L + random.nextInt(100)),
                        Map.of(), Set.of(), "negotiated", history.owner));
            } else {
                List<UsageChange> changes = new ArrayList<>();
                for (int c = random.nextInt(3); c >= 0; c--) {
                    int m = random.nextInt(REPORTED.size());
                    long delta = random.nextInt(10) - 3;
                    long applied = Math.max(delta, -used[m]);
                    used[m] += applied;
                    Instant at = NOW.minus(random.nextInt(3), ChronoUnit.HOURS).minusSeconds(random.nextInt(60));
                    if (random.nextInt(40) == 0) {
                        // reported times of stores written before the command side refused them: years 0, -1, 10000
                        at = ODD_TIMES.get(random.nextInt(ODD_TIMES.size()));
                    }
                    changes.add(new UsageChange(REPORTED.get(m), delta, applied, used[m], at));
                }
                history.add(new UsageTracked(history.id, changes, history.owner));
            }
        }
        return history;
    }

    private static List<TenantEvent> events(History history) {
        List<TenantEvent> events = new ArrayList<>();
        for (Object payload : history.events()) {
            int sequence = events.size();
            // 2.5 microseconds past the millisecond: PostgreSQL rounds such a text half to even, pgjdbc a Timestamp half
            // up; the instants the functions read as text must be stored as the ones bound as Timestamps
            events.add(new TenantEvent(history.tenant, sequence, sequence, UUID.randomUUID().toString(),
                    payload.getClass().getName(), NOW.plusMillis(sequence).plusNanos(2_500), payload));
        }
        return events;
    }

    private List<String> rows(UUID tenant) {
        return inTransaction(() -> {
            context.bindTenant(tenant);
            List<String> rows = new ArrayList<>(jdbc.queryForList("""
                    SELECT concat_ws('|', metric, used, usage_limit, plan_limit, override_limit, updated_at)
                    FROM tenant_usage WHERE tenant_id = ? ORDER BY metric""", String.class, tenant));
            rows.addAll(jdbc.queryForList("""
                    SELECT concat_ws('|', metric, hour, increments, decrements, changes, closing_used, peak_used)
                    FROM usage_hourly WHERE tenant_id = ? ORDER BY metric, hour""", String.class, tenant));
            rows.addAll(jdbc.queryForList("""
                    SELECT concat_ws('|', last_sequence, last_position, parked, updated_at)
                    FROM projection_stream WHERE tenant_id = ?""", String.class, tenant));
            return rows;
        });
    }

    private <T> T inTransaction(java.util.function.Supplier<T> work) {
        return new TransactionTemplate(transactions).execute(status -> {
            context.lockActiveGeneration();
            return work.get();
        });
    }
}

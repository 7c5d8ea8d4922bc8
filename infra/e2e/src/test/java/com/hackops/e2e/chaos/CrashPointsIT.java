package com.hackops.e2e.chaos;

import com.hackops.e2e.chaos.LoadGenerator.AckedUsage;
import com.hackops.e2e.support.Platform;
import com.hackops.e2e.support.Platform.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.hackops.e2e.chaos.ChaosHarness.awaitAcknowledged;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each crash-safety boundary, hit exactly rather than by a {@code kill -9} that may or may not land in its window. One
 * instance is started with a test-only crash point ({@code hackops.faults.crash-at}, {@code crash-after}), which halts
 * its JVM ({@code Runtime.halt}: no shutdown hooks, like kill -9) the n-th time it reaches the point under keyed usage
 * load; it is restarted without the crash point while the clients retry, and then
 * <ul>
 *   <li>{@code after-commit-before-answer} (command side: a keyed usage call's events, key and receipt committed,
 *       the answer not sent): the cut call's retry is answered from the stored receipt, nothing recorded twice;</li>
 *   <li>{@code after-kafka-send-before-token} (command side: Kafka acknowledged a batch, the publisher's token not
 *       committed): the batch is on the topic twice, and the read models apply each event once;</li>
 *   <li>{@code after-write-before-offset} (query side, halted while catching up on a backlog: the read models'
 *       transaction committed, the offsets not): the records come again and are skipped as applied;</li>
 * </ul>
 * and each time the invariant checker finds the acknowledged ledger in the store, nothing lost or doubled, and the
 * read models equal to the store.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashPointsIT {

    /** {@code CrashPoints.EXIT_STATUS} of both services (a kill -9 shows as 137). */
    private static final int HALTED = 86;
    private static final int CLIENTS = 3;
    private static final Duration PACE = Duration.ofMillis(5);
    private static final int BACKLOG = 150;
    private static final Duration HALT_BOUND = Duration.ofSeconds(90);
    private static final Duration PROGRESS = Duration.ofSeconds(120);
    private static final String REPEATS = "records repeated on the topic (at-least-once)";

    private static ChaosHarness harness;
    private static Platform platform;

    /** What a scenario saw: the crash point's log line, the clients (with their ledger), the checked outcome. */
    private record Crash(String line, LoadGenerator load, Reliability.Row row) {
    }

    @BeforeAll
    static void start() {
        harness = ChaosHarness.startWithShortSessions(1, 1);
        platform = harness.platform();
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    /** A failed scenario must not leave its load or a halted instance to the next one. */
    @AfterEach
    void restore() {
        harness.restore();
    }

    @Test
    @Order(1)
    void a_usage_call_committed_but_not_answered_is_answered_from_its_stored_receipt_when_retried() {
        Crash crash = crashUnderLoad(Service.COMMAND, "after-commit-before-answer", 10);

        Matcher call = find("tenant ([0-9a-f-]{36}), Idempotency-Key (\\S+), version (\\d+)", crash.line());
        AckedUsage retried = crash.load().ledger().usage().stream().filter(acked -> acked.key().equals(call.group(2)))
                .findFirst().orElseThrow(() -> new AssertionError("the cut call " + call.group(2) + " was never answered"));
        assertThat(retried.attempts().get(0)).as("the first try of %s, cut by the halt", call.group(2)).endsWith(":none");
        assertThat(retried.replayed()).as("retry of %s answered from the stored receipt (Idempotent-Replayed: true); "
                + "tries: %s", call.group(2), retried.attempts()).isTrue();
        assertThat(retried.version()).as("version in the stored receipt").isEqualTo(Long.parseLong(call.group(3)));
        assertThat(crash.row().report().key(call.group(1), call.group(2))).as("the key's record").isNotNull();
        assertClean(crash.row());
    }

    @Test
    @Order(2)
    void a_batch_kafka_acknowledged_before_its_token_committed_is_sent_again_and_applied_once() {
        Crash crash = crashUnderLoad(Service.COMMAND, "after-kafka-send-before-token", 5);

        Matcher batch = find("a batch of (\\d+) events \\(first ([0-9a-f-]{36})\\)", crash.line());
        InvariantChecker.Report report = crash.row().report();
        assertThat(report.recordsOnTopic(batch.group(2))).as("records of the halted batch's first event %s",
                batch.group(2)).isGreaterThanOrEqualTo(2);
        assertThat(report.figure(REPEATS)).as("repeats on the topic, the halted batch's included")
                .isGreaterThanOrEqualTo(Long.parseLong(batch.group(1)));
        assertClean(crash.row());
    }

    @Test
    @Order(3)
    void records_applied_but_whose_offsets_were_not_committed_come_again_and_are_skipped() {
        Crash crash = crashUnderLoad(Service.QUERY, "after-write-before-offset", 1);

        long written = Long.parseLong(find("(\\d+) record\\(s\\) written", crash.line()).group(1));
        long skipped = (long) harness.metric(Service.QUERY, 0, "hackops_projection_events_total", "outcome=\"duplicate\"");
        System.out.println("records redelivered after the restart and skipped as applied: " + skipped);
        assertThat(skipped).as("records the restarted query side skipped as already applied").isGreaterThanOrEqualTo(written);
        assertClean(crash.row());
    }

    /**
     * Restarts instance 0 of {@code service} armed with {@code point} (the query side after a backlog has built up),
     * drives keyed usage until it halts there, restarts it as shipped (no crash point) while the clients retry, and
     * ends the scenario: clients answered, read models converged, invariants checked.
     */
    private Crash crashUnderLoad(Service service, String point, int after) {
        List<String> tenants = harness.createTenants(point, 3);
        String[] armed = {"--hackops.faults.crash-at=" + point, "--hackops.faults.crash-after=" + after};
        String run = point + "-" + UUID.randomUUID().toString().substring(0, 6);
        platform.stop(service, 0);
        LoadGenerator load;
        if (service == Service.QUERY) {
            // the query side comes back to a backlog, so it halts catching up, with a large batch written (maybe
            // before it reports healthy: not waited for)
            load = harness.load(run, tenants, CLIENTS, 0, PACE);
            awaitAcknowledged(load, 0, BACKLOG, PROGRESS);
            platform.launch(service, 0, armed);
        } else {
            platform.start(service, 0, armed);
            load = harness.load(run, tenants, CLIENTS, 0, PACE);
        }

        int status = platform.awaitExit(service, 0, HALT_BOUND);
        List<String> lines = platform.logLines(service, 0).stream()
                .filter(line -> line.contains("CRASH POINT " + point + " reached")).toList();
        assertThat(status).as("exit status of %s halted at %s", service, point).isEqualTo(HALTED);
        assertThat(lines).as("the crash point's log line").hasSize(1);
        System.out.println("halted: " + lines.get(0));

        long answered = load.stats().acknowledged.get();
        platform.start(service, 0);
        Instant healed = Instant.now();
        awaitAcknowledged(load, answered, 20, PROGRESS);
        Reliability.Row row = harness.finish("crash point " + point, 1, load, healed, new ArrayList<>(List.of(lines.get(0))));
        return new Crash(lines.get(0), load, row);
    }

    private static Matcher find(String regex, String line) {
        Matcher matcher = Pattern.compile(regex).matcher(line);
        assertThat(matcher.find()).as("/%s/ in the crash point's line: %s", regex, line).isTrue();
        return matcher;
    }

    private static void assertClean(Reliability.Row row) {
        assertThat(row.clean()).as(row.problems()).isTrue();
    }
}

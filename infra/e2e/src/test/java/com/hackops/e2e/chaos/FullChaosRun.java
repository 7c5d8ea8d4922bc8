package com.hackops.e2e.chaos;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The full fault suite, run by {@code infra/chaos} only (its name matches neither *Test nor *IT, so {@code mvn verify}
 * and infra/test never pick it up; infra/chaos selects it with {@code -Dtest=FullChaosRun}). It needs a Kafka broker
 * of its own, which infra/chaos starts and names in {@code hackops.chaos.kafka-*}, and it stops PostgreSQL — the
 * machine's, for everyone — only while no other test JVM or benchmark runs, and always starts it again.
 * <p>
 * {@code -Dhackops.chaos.scenarios=kill,publisher,…} runs a subset (names below); every scenario records its row
 * even when it fails, and {@code RELIABILITY.md} at the repository root is written at the end from what was measured.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FullChaosRun {

    private static final int CLIENTS = 6;
    private static final Path REPOSITORY = Path.of(System.getProperty("hackops.e2e.module-dir", ".")).resolve("../..")
            .toAbsolutePath().normalize();
    private static final Set<String> SELECTED = Arrays.stream(System.getProperty("hackops.chaos.scenarios", "all").split(","))
            .map(String::trim).collect(Collectors.toSet());
    private static final Reliability reliability = new Reliability();
    private static ChaosHarness harness;
    private static Scenarios scenarios;

    @BeforeAll
    static void start() {
        harness = ChaosHarness.start(2, 2);
        scenarios = new Scenarios(harness, CLIENTS);
    }

    @AfterAll
    static void stop() {
        try {
            reliability.write(REPOSITORY.resolve(System.getProperty("hackops.chaos.report", "RELIABILITY.md")),
                    "Reliability under faults", PREAMBLE);
        } finally {
            if (harness != null) {
                harness.close();
            }
        }
    }

    private static boolean selected(String name) {
        return SELECTED.contains("all") || SELECTED.contains(name);
    }

    private static void record(Reliability.Row row) {
        reliability.add(row);
        assertThat(row.clean()).as(row.problems()).isTrue();
    }

    /** A failed scenario must not leave its load, a proxy fault or a dead instance to the next one. */
    @AfterEach
    void restore() {
        harness.restore();
    }

    @Test
    @Order(1)
    void command_side_killed_mid_load() {
        if (selected("kill")) {
            record(scenarios.commandSideKills("command side kill -9 mid-load (append + key boundary)", 4, true));
        }
    }

    @Test
    @Order(2)
    void publisher_killed_while_publishing() {
        if (selected("publisher")) {
            record(scenarios.publisherKills("publisher owner kill -9 during bursts (Kafka send + token boundary)", 3));
        }
    }

    @Test
    @Order(3)
    void query_side_killed_amid_load_and_during_catch_up() {
        if (selected("query")) {
            record(scenarios.querySideKills("query side kill -9 amid load and during catch-up (write + offset boundary)", 3));
        }
    }

    @Test
    @Order(4)
    void two_command_side_instances_hammer_the_same_tenants() {
        if (selected("race")) {
            record(scenarios.race("2 command-side instances, same 2 tenants, no fault", 1_500));
        }
    }

    @Test
    @Order(5)
    void network_faults_between_services_and_postgres() {
        if (selected("network")) {
            record(scenarios.networkFaults("network: resets, stalls, refusals, latency to PostgreSQL (TCP proxy)", 2));
        }
    }

    @Test
    @Order(6)
    void kafka_broker_killed_and_frozen() {
        if (!selected("kafka")) {
            return;
        }
        KafkaBroker broker = KafkaBroker.fromSystemProperties(REPOSITORY);
        if (broker == null) {
            reliability.skipped("Kafka broker kill/freeze", "no broker of the run's own (infra/chaos starts one)");
            return;
        }
        record(scenarios.kafkaFaults("Kafka broker kill -9 + restart, SIGSTOP + SIGCONT", broker, 2, 1));
    }

    @Test
    @Order(7)
    void postgres_stopped_immediately_and_restarted() {
        if (!selected("postgres")) {
            return;
        }
        Duration wait = Duration.ofSeconds(Long.getLong("hackops.chaos.postgres-wait-seconds", 600));
        if (!PostgresServer.awaitExclusiveUse(wait)) {
            reliability.skipped("PostgreSQL immediate stop + start", "other test JVMs or benchmarks used PostgreSQL for "
                    + wait.toMinutes() + " min: " + PostgresServer.otherUsers());
            return;
        }
        record(scenarios.postgresRestarts("PostgreSQL stop -m immediate + start", PostgresServer.installed(), 2));
    }

    @Test
    @Order(8)
    void poison_events() {
        if (!selected("poison")) {
            return;
        }
        List<Reliability.Row> rows = List.of(
                scenarios.poisonedProjection("poison: projection defect for one tenant, fixed, retried"),
                scenarios.forgedRecord("poison: malformed record with the next sequence, discarded"),
                scenarios.headerlessRecord("poison: record without headers"));
        rows.forEach(reliability::add);
        rows.forEach(row -> assertThat(row.clean()).as(row.problems()).isTrue());
    }

    private static final String PREAMBLE = """
            Written by `infra/chaos` (the full fault suite, `infra/e2e/…/chaos/FullChaosRun`); every figure below was
            measured in the run named underneath. The short variant runs in `infra/test` (`ChaosShortIT`) and writes
            its figures to `infra/e2e/target/reliability-short.md`.

            Setup: both service jars as child processes (2 command-side and 2 query-side instances on one event store,
            one consumer group), their PostgreSQL connections through a TCP proxy of the test, a Kafka broker of the
            run's own. Clients (6, `LoadGenerator`) report usage with an `Idempotency-Key` on every call (single calls
            and batches, increments and decrements against STARTER limits) and manage members; whatever gets no answer
            or a 5xx/429 is retried with the same key (on the other command-side instance), until answered.

            Columns: *requests sent* counts HTTP requests including retries; *acknowledged* the calls answered 2xx;
            *refused* the calls answered 409 (a limit; nothing recorded). *Events lost*: acknowledged changes the store
            does not hold (client ledger), stored events missing on the topic or in the read models, keys without their
            event, lost updates. *Duplicates*: usage events no key accounts for (every call was keyed), keys sharing an
            event. *Overruns*: increments that took usage or admin seats above the effective limit at that position of
            the stream. *Read models ≠ store*: tenants whose read models differ from the replay of the store, or broken
            stream properties. *Time to converge*: from the moment the last fault was healed (service restarted and
            healthy, database or broker back, defect fixed) until the clients' last calls were answered and every
            tenant's read models showed its last stored event. After each scenario `InvariantChecker` checked the whole
            store (all scenarios so far) and the query side's own platform audit ran.

            The kills here land wherever they land: each boundary is approached by killing during a burst, repeated;
            the notes say whether the window was hit (repeats on the topic for send/token; redelivered records skipped
            as applied for write/offset; retries answered from a stored receipt for append/key). The boundaries
            themselves are hit precisely by `CrashPointsIT` in every `infra/test`: a test-only crash point
            (`hackops.faults.crash-at`) halts the service exactly between event append + idempotency record and the
            answer, between Kafka's acknowledgement and the publisher's token commit, and between the read models'
            commit and the offset commit; after the restart the retried call is answered from its stored receipt, the
            batch is on the topic again, the redelivered records are skipped, and the checker passes.""";
}

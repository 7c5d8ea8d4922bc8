package com.hackops.e2e.chaos;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short chaos variant that runs with every {@code infra/test}: loopback only, on the tests' shared broker and
 * PostgreSQL, neither of which it stops. Two command-side instances on one event store hammer the same tenants
 * while their database connections are reset and stalled through a proxy; the query side is killed (-9) amid the
 * load and restarted; one tenant's projection fails and parks while the others flow, and converges after the fix.
 * Each scenario ends with the invariant checker (and the query side's own audit). {@code ServiceRestartIT} already
 * kills the command side; the full suite is {@code infra/chaos} ({@link FullChaosRun}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosShortIT {

    private static final int CLIENTS = 4;
    private static ChaosHarness harness;
    private static Scenarios scenarios;
    private static final Reliability reliability = new Reliability();

    @BeforeAll
    static void start() {
        harness = ChaosHarness.startWithShortSessions(2, 1);
        scenarios = new Scenarios(harness, CLIENTS);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            Path report = Path.of(System.getProperty("hackops.e2e.module-dir", "."), "target", "reliability-short.md");
            Files.createDirectories(report.getParent());
            reliability.write(report, "Reliability (short variant of infra/test)",
                    "Figures of the short chaos variant (ChaosShortIT); the full suite writes RELIABILITY.md.");
        } finally {
            if (harness != null) {
                harness.close();
            }
        }
    }

    /** A failed scenario must not leave its load, a proxy fault or a dead instance to the next one. */
    @AfterEach
    void restore() {
        harness.restore();
    }

    @Test
    @Order(1)
    void two_command_side_nodes_lose_and_double_nothing_while_their_database_connections_reset_and_stall() {
        Reliability.Row row = scenarios.databaseFaultsOnTwoNodes("short: 2 command nodes, DB connections reset ×6 + stall");
        reliability.add(row);
        assertThat(row.clean()).as(row.problems()).isTrue();
    }

    @Test
    @Order(2)
    void the_query_side_killed_amid_load_catches_up_without_counting_twice() {
        Reliability.Row row = scenarios.querySideKills("short: query side kill -9 amid load", 0);
        reliability.add(row);
        assertThat(row.clean()).as(row.problems()).isTrue();
    }

    @Test
    @Order(3)
    void a_tenant_whose_projection_fails_parks_alone_and_converges_after_the_fix() {
        Reliability.Row row = scenarios.poisonedProjection("short: projection defect for one tenant");
        reliability.add(row);
        assertThat(row.clean()).as(row.problems()).isTrue();
    }
}

package com.hackops.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.hackops.events.types.Metric;
import com.hackops.platform.security.Tokens;
import com.hackops.query.support.Api;
import com.hackops.query.support.EventStore;
import com.hackops.query.support.History;
import com.hackops.query.support.OwnInstance;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rebuild while events keep arriving, on a query-side instance of its own (its own read database and consumer
 * group; the shared test event store and topic): it switches generations and every tenant ends consistent.
 */
class RebuildIT {

    @Test
    void a_rebuild_while_events_keep_flowing_switches_generations_and_ends_consistent() {
        try (EventStore store = new EventStore(); OwnInstance instance = OwnInstance.start("rebuild")) {
            Api api = instance.api();
            String admin = Tokens.platformAdmin("operator");
            List<History> tenants = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                History h = History.created("Rebuild " + i);
                for (int n = 1; n <= 40; n++) {
                    h.add(h.usage(Metric.PARTICIPANTS, 1, n, Instant.now()));
                }
                store.record(h, 0, Instant.now());
                tenants.add(h);
            }
            tenants.forEach(h -> awaitVersion(api, h));

            JsonNode job = api.post("/api/v1/admin/rebuilds", admin, null).json();
            String jobPath = "/api/v1/admin/rebuilds/" + job.get("id").asText();
            int round = 0;
            while (!api.get(jobPath, admin).json().get("phase").asText().matches("DONE|FAILED") && round < 200) {
                History h = tenants.get(round++ % tenants.size());
                h.add(h.usage(Metric.PARTICIPANTS, 1, h.events().size() - 1L, Instant.now()));
                store.record(h, h.events().size() - 1, Instant.now());
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> api.get(jobPath, admin).json().get("phase").asText().matches("DONE|FAILED"));
            JsonNode finished = api.get(jobPath, admin).json();
            assertThat(finished.get("phase").asText()).as(finished.toString()).isEqualTo("DONE");
            assertThat(finished.get("eventsDone").asLong()).isGreaterThanOrEqualTo(5 * 42);
            assertThat(finished.get("target").asText()).isEqualTo("read_green");

            for (History h : tenants) {
                h.add(h.usage(Metric.PARTICIPANTS, 1, h.events().size() - 1L, Instant.now()));
                store.record(h, h.events().size() - 1, Instant.now());
            }
            for (History h : tenants) {
                awaitVersion(api, h);
                JsonNode report = api.get("/api/v1/tenants/" + h.tenant + "/billing/reconciliation", admin).json();
                assertThat(report.get("consistent").asBoolean()).as(report.toString()).isTrue();
                JsonNode usage = api.get("/api/v1/tenants/" + h.tenant + "/usage", Tokens.user(h.owner)).json();
                assertThat(usage.get("metrics").get(1).get("used").asLong()).isEqualTo(h.lastSequence() - 1);
            }
        }
    }

    /**
     * Another node of the same read database is rebuilding (here: a session holding the rebuild's claim, as that
     * node's would): a rebuild is refused with a 409 problem, not started beside it on the same inactive generation.
     * Once the claim is let go a rebuild starts, and when it is done it has let go of its own claim too.
     */
    @Test
    void a_rebuild_running_on_another_node_is_refused_and_one_starts_once_it_ended() throws SQLException {
        try (OwnInstance instance = OwnInstance.start("rebuild_claim");
             Connection otherNode = DriverManager.getConnection(instance.databaseUrl(), "hackops_owner", "hackops_owner")) {
            Api api = instance.api();
            String admin = Tokens.platformAdmin("operator");
            assertThat(advisoryLock(otherNode, "pg_try_advisory_lock")).isTrue();

            Api.Response refused = api.post("/api/v1/admin/rebuilds", admin, null);
            assertThat(refused.isProblem(409, "rebuild-running-elsewhere")).as(refused.body()).isTrue();
            assertThat(refused.json().get("detail").asText()).contains("another query-side node");

            assertThat(advisoryLock(otherNode, "pg_advisory_unlock")).isTrue();
            Api.Response started = api.post("/api/v1/admin/rebuilds", admin, null);
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            String jobPath = "/api/v1/admin/rebuilds/" + started.json().get("id").asText();
            await().atMost(Duration.ofSeconds(60)).until(() -> api.get(jobPath, admin).json().get("phase").asText().matches("DONE|FAILED"));
            assertThat(api.get(jobPath, admin).json().get("phase").asText()).isEqualTo("DONE");
            await().atMost(Duration.ofSeconds(10)).until(() -> advisoryLock(otherNode, "pg_try_advisory_lock"));
        }
    }

    private static boolean advisoryLock(Connection connection, String function) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?)")) {
            statement.setLong(1, Rebuilds.CLAIM);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private static void awaitVersion(Api api, History h) {
        await().atMost(Duration.ofSeconds(60)).until(() -> Long.toString(h.lastSequence()).equals(
                api.get("/api/v1/tenants/" + h.tenant, Tokens.user(h.owner)).header("Hackops-Version")));
    }
}

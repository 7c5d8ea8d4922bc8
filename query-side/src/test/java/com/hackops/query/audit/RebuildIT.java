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
            JsonNode finished = awaitEnd(api, admin, jobPath);
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
     * Once the claim is let go a rebuild starts and holds the claim until it ends (held at its switch, which a lock
     * on the generation choice keeps waiting), on a connection of its own; a rebuild asked for as soon as it is DONE
     * starts anew.
     */
    @Test
    void a_rebuild_running_on_another_node_is_refused_and_one_starts_once_it_ended() throws SQLException {
        try (ClaimSetting setting = ClaimSetting.start("rebuild_claim")) {
            Api api = setting.api();
            String admin = setting.admin();
            Connection otherNode = setting.session();
            Connection blocker = setting.blocker();
            assertThat(advisoryLock(otherNode, "pg_try_advisory_lock")).isTrue();

            Api.Response refused = api.post("/api/v1/admin/rebuilds", admin, null);
            assertThat(refused.isProblem(409, "rebuild-running-elsewhere")).as(refused.body()).isTrue();
            assertThat(refused.json().get("detail").asText()).contains("another query-side node");

            assertThat(advisoryLock(otherNode, "pg_advisory_unlock")).isTrue();
            holdGenerationChoice(blocker);
            Api.Response started = api.post("/api/v1/admin/rebuilds", admin, null);
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            String id = started.json().get("id").asText();
            String jobPath = "/api/v1/admin/rebuilds/" + id;
            awaitPhase(api, admin, jobPath, "SWITCHING");
            assertThat(advisoryLock(otherNode, "pg_try_advisory_lock")).isFalse();
            assertThat(api.post("/api/v1/admin/rebuilds", admin, null).json().get("id").asText()).isEqualTo(id);
            assertThat(claimSessions(otherNode, "count(*)")).isEqualTo(1);
            blocker.commit();

            assertThat(awaitEnd(api, admin, jobPath).get("phase").asText()).isEqualTo("DONE");
            Api.Response next = api.post("/api/v1/admin/rebuilds", admin, null);
            assertThat(next.status()).as(next.body()).isEqualTo(202);
            assertThat(next.json().get("id").asText()).isNotEqualTo(id);
            String nextPath = "/api/v1/admin/rebuilds/" + next.json().get("id").asText();
            assertThat(awaitEnd(api, admin, nextPath).get("phase").asText()).isEqualTo("DONE");
            assertThat(advisoryLock(otherNode, "pg_try_advisory_lock")).isTrue();
        }
    }

    /**
     * The rebuild's claim is lost while it runs (its session ended: here terminated, as an operator or a network
     * could): another node could have started meanwhile, so the rebuild fails at its switch rather than make a
     * generation active that the other may have emptied. The active generation stays as it was.
     */
    @Test
    void a_rebuild_whose_claim_was_lost_fails_at_its_switch_and_leaves_the_active_generation() throws SQLException {
        try (ClaimSetting setting = ClaimSetting.start("rebuild_claim_lost")) {
            Api api = setting.api();
            String admin = setting.admin();
            Connection operator = setting.session();
            Connection blocker = setting.blocker();
            String active = activeGeneration(operator);
            holdGenerationChoice(blocker);
            String jobPath = "/api/v1/admin/rebuilds/" + api.post("/api/v1/admin/rebuilds", admin, null).json().get("id").asText();
            awaitPhase(api, admin, jobPath, "SWITCHING");
            assertThat(claimSessions(operator, "count(pg_terminate_backend(pid))")).isEqualTo(1);
            blocker.commit();

            JsonNode job = awaitEnd(api, admin, jobPath);
            assertThat(job.get("phase").asText()).as(job.toString()).isEqualTo("FAILED");
            assertThat(job.get("error").asText()).contains("claim was lost");
            assertThat(activeGeneration(operator)).isEqualTo(active);
        }
    }

    /**
     * A query-side instance of its own, a session in its read database as another node or an operator would have,
     * and a second session to hold a rebuild at its switch ({@link #holdGenerationChoice}).
     */
    private record ClaimSetting(OwnInstance instance, Connection session, Connection blocker) implements AutoCloseable {

        static ClaimSetting start(String purpose) throws SQLException {
            OwnInstance instance = OwnInstance.start(purpose);
            Connection session = null;
            try {
                session = session(instance);
                return new ClaimSetting(instance, session, session(instance));
            } catch (SQLException | RuntimeException e) {
                try (instance; Connection opened = session) {
                    throw e;
                }
            }
        }

        private static Connection session(OwnInstance instance) throws SQLException {
            return DriverManager.getConnection(instance.databaseUrl(), "hackops_owner", "hackops_owner");
        }

        Api api() {
            return instance.api();
        }

        String admin() {
            return Tokens.platformAdmin("operator");
        }

        /** The sessions first (a transaction the blocker still holds ends with it), then the instance. */
        @Override
        public void close() throws SQLException {
            try (instance; session; blocker) {
                // closed in reverse order by the try
            }
        }
    }

    /** {@code select} (an aggregate) over the rebuild's claim sessions in this database. */
    private static int claimSessions(Connection connection, String select) throws SQLException {
        try (ResultSet result = connection.createStatement().executeQuery("SELECT " + select + " FROM pg_stat_activity"
                + " WHERE application_name = '" + Rebuilds.CLAIM_APPLICATION + "' AND datname = current_database()")) {
            assertThat(result.next()).isTrue();
            return result.getInt(1);
        }
    }

    /** Keeps a rebuild waiting at its switch (which locks the generation choice) until {@code blocker} commits. */
    private static void holdGenerationChoice(Connection blocker) throws SQLException {
        blocker.setAutoCommit(false);
        blocker.createStatement().executeQuery("SELECT schema_name FROM read_model_generation FOR UPDATE").close();
    }

    private static JsonNode awaitEnd(Api api, String admin, String jobPath) {
        awaitPhase(api, admin, jobPath, "DONE|FAILED");
        return api.get(jobPath, admin).json();
    }

    private static void awaitPhase(Api api, String admin, String jobPath, String phases) {
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get(jobPath, admin).json().get("phase").asText().matches(phases));
    }

    private static String activeGeneration(Connection connection) throws SQLException {
        try (ResultSet active = connection.createStatement().executeQuery(
                "SELECT schema_name FROM read_model_generation WHERE active")) {
            assertThat(active.next()).isTrue();
            return active.getString(1);
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

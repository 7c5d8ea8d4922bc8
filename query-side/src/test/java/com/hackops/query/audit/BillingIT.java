package com.hackops.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.hackops.events.membership.MemberAdded;
import com.hackops.events.tenant.PlanChanged;
import com.hackops.events.types.Feature;
import com.hackops.events.types.Metric;
import com.hackops.events.types.Plan;
import com.hackops.events.types.Role;
import com.hackops.platform.security.Tokens;
import com.hackops.query.support.Api;
import com.hackops.query.support.EventStore;
import com.hackops.query.support.History;
import com.hackops.query.support.QueryIntegrationTest;
import com.hackops.query.support.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Statements, reconciliation and as-of answers over a real event store database, through the query API. */
@QueryIntegrationTest
class BillingIT {

    @LocalServerPort
    int port;

    private Api api;
    private EventStore store;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        store = new EventStore();
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void a_statement_is_byte_identical_every_time_and_reconciliation_finds_a_tampered_row() throws SQLException {
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS);
        History h = History.created("Billing Co");
        h.add(new MemberAdded(h.id, "viewer", null, Role.VIEWER, h.owner));
        store.record(h, 0, start);
        h.add(h.usage(Metric.PARTICIPANTS, 20, 20, start.plus(1, ChronoUnit.HOURS)));
        store.record(h, 3, start.plus(1, ChronoUnit.HOURS));
        h.add(h.usage(Metric.PARTICIPANTS, -5, 15, start.plus(2, ChronoUnit.HOURS)));
        store.record(h, 4, start.plus(2, ChronoUnit.HOURS));
        String owner = Tokens.user(h.owner);
        awaitVersion(h, 4);

        String statement = "/api/v1/tenants/" + h.tenant + "/billing/statement?from=" + start + "&to=" + start.plus(3, ChronoUnit.HOURS);
        Api.Response first = api.get(statement, owner);
        Api.Response second = api.get(statement, owner);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        JsonNode participants = first.json().get("metrics").get(1);
        assertThat(participants.get("closing").asLong()).isEqualTo(15);
        assertThat(participants.get("peak").asLong()).isEqualTo(20);
        // 1 h x 20 + 1 h x 15 = 35 participant-hours over 3 hours
        assertThat(participants.get("unitHours").asText()).isEqualTo("35.000000");
        assertThat(first.json().get("fingerprint").asText()).startsWith("sha256:");
        assertThat(api.get("/api/v1/tenants/" + h.tenant + "/billing/statement?period=" + start.toString().substring(0, 7), owner)
                .status()).isEqualTo(200);
        assertThat(api.get("/api/v1/tenants/" + h.tenant + "/billing/statement?period=2026-13", owner).isProblem(400, "validation")).isTrue();
        assertThat(api.get("/api/v1/tenants/" + h.tenant + "/billing/statement", owner).isProblem(400, "validation")).isTrue();
        assertThat(api.get(statement, Tokens.user("viewer")).isProblem(403, "forbidden")).isTrue();
        assertThat(api.get(statement, Tokens.user("stranger")).isProblem(404, "not-found")).isTrue();

        String reconciliation = "/api/v1/tenants/" + h.tenant + "/billing/reconciliation";
        JsonNode consistent = api.get(reconciliation, owner).json();
        assertThat(consistent.get("consistent").asBoolean()).as(consistent.toString()).isTrue();
        assertThat(consistent.get("checkedThroughSequence").asLong()).isEqualTo(4);

        try (Connection owned = TestInfrastructure.connect("hackops_owner")) {
            owned.setAutoCommit(false);
            owned.createStatement().execute("SELECT set_config('search_path', schema_name || ', public', true), "
                    + "set_config('app.tenant_id', '" + h.tenant + "', true) FROM read_model_generation WHERE active");
            owned.createStatement().executeUpdate("UPDATE tenant_usage SET used = 999 WHERE tenant_id = '" + h.tenant
                    + "' AND metric = 'PARTICIPANTS'");
            owned.commit();
        }
        JsonNode tampered = api.get(reconciliation, Tokens.platformAdmin("auditor")).json();
        assertThat(tampered.get("consistent").asBoolean()).isFalse();
        assertThat(tampered.get("differences")).hasSize(1);
        JsonNode difference = tampered.get("differences").get(0);
        assertThat(difference.get("readModel").asText()).isEqualTo("tenant_usage");
        assertThat(difference.get("key").asText()).isEqualTo("PARTICIPANTS.used");
        assertThat(difference.get("expected").asText()).isEqualTo("15");
        assertThat(difference.get("actual").asText()).isEqualTo("999");
    }

    @Test
    void as_of_answers_what_the_query_api_answered_at_those_instants() {
        Instant t1 = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Instant t2 = t1.plus(1, ChronoUnit.HOURS);
        Instant t3 = t2.plus(1, ChronoUnit.HOURS);
        History h = History.created("As Of Co");
        String token = Tokens.user(h.owner);
        String usage = "/api/v1/tenants/" + h.tenant + "/usage";

        store.record(h, 0, t1);
        awaitVersion(h, 1);
        JsonNode atT1 = api.get(usage, token).json().get("metrics");
        h.add(h.usage(Metric.EVENTS, 1, 1, t2)).add(h.usage(Metric.PARTICIPANTS, 45, 45, t2));
        store.record(h, 2, t2);
        awaitVersion(h, 3);
        JsonNode atT2 = api.get(usage, token).json().get("metrics");
        h.add(new PlanChanged(h.id, Plan.FREE, Plan.STARTER, History.STARTER, Set.of(Feature.API_ACCESS), Set.of(), h.owner));
        store.record(h, 4, t3);
        awaitVersion(h, 4);
        JsonNode atT3 = api.get(usage, token).json().get("metrics");

        assertThat(api.get(usage + "?asOf=" + t1, token).json().get("metrics")).isEqualTo(atT1);
        assertThat(api.get(usage + "?asOf=" + t2.plusSeconds(59), token).json().get("metrics")).isEqualTo(atT2);
        Api.Response third = api.get(usage + "?asOf=" + t3, token);
        assertThat(third.json().get("metrics")).isEqualTo(atT3);
        assertThat(third.json().get("plan").asText()).isEqualTo("STARTER");
        assertThat(third.header("Hackops-Version")).isEqualTo("4");
        assertThat(atT2).isNotEqualTo(atT3);
        assertThat(api.get(usage + "?asOf=" + t1.minusSeconds(1), token).isProblem(400, "validation")).isTrue();
        assertThat(api.get(usage + "?asOf=yesterday", token).isProblem(400, "validation")).isTrue();
    }

    private void awaitVersion(History h, long version) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Long.toString(version).equals(
                api.get("/api/v1/tenants/" + h.tenant, Tokens.user(h.owner)).header("Hackops-Version")));
    }
}

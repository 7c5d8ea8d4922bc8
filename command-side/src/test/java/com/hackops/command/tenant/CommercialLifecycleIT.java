package com.hackops.command.tenant;

import com.hackops.command.CommandSideApplication;
import com.hackops.command.support.Api;
import com.hackops.command.support.IntegrationTest;
import com.hackops.command.support.TestDatabase;
import com.hackops.platform.security.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Overrides, scheduled plan changes and trials through HTTP, with deadlines persisted in PostgreSQL. */
@IntegrationTest
class CommercialLifecycleIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    private Api api;
    private String owner;
    private String tenant;

    @BeforeEach
    void freeTenant() {
        api = new Api(port);
        owner = "buyer-" + UUID.randomUUID();
        tenant = api.createTenant(owner, Api.slug("deal-"), "FREE");
    }

    @Test
    void an_override_raises_a_limit_and_lowering_it_below_usage_is_refused() {
        String admin = Tokens.platformAdmin("ops-anna");
        String overrides = "/api/v1/tenants/" + tenant + "/overrides";
        assertThat(api.send("PUT", overrides, Tokens.user(owner), "{\"limits\":{\"EVENTS\":3},\"reason\":\"deal\"}")
                .isProblem(403, "forbidden")).isTrue();
        assertThat(api.send("PUT", overrides, admin, "{\"limits\":{\"EVENTS\":3},\"reason\":\" \"}").status()).isEqualTo(400);
        assertThat(api.send("PUT", overrides, admin, "{\"limits\":{\"EVENTS\":3},\"features\":{\"SSO\":true},\"reason\":\"deal\"}")
                .status()).isEqualTo(200);
        for (int used = 1; used <= 3; used++) {
            assertThat(track(1).json().get("limit").asLong()).isEqualTo(3);
        }
        assertThat(track(1).isProblem(409, "limit-exceeded")).isTrue();

        Api.Response lowered = api.send("PUT", overrides, admin, "{\"limits\":{\"EVENTS\":2},\"reason\":\"renegotiated\"}");
        assertThat(lowered.isProblem(409, "plan-downgrade-blocked")).as(lowered.body()).isTrue();
        assertThat(api.send("DELETE", overrides + "?reason=ended", admin, null).isProblem(409, "plan-downgrade-blocked")).isTrue();
        assertThat(api.send("DELETE", overrides + "?reason=ended&allowOverLimit=true", admin, null).status()).isEqualTo(200);
        assertThat(track(1).isProblem(409, "limit-exceeded")).isTrue();
        assertThat(eventsOfType("LimitsOverridden")).isEqualTo(1);
        assertThat(eventsOfType("LimitsOverrideRemoved")).isEqualTo(1);
    }

    @Test
    void a_scheduled_change_survives_a_restart_of_the_command_side() {
        try (ConfigurableApplicationContext other = new SpringApplicationBuilder(CommandSideApplication.class)
                .run("--server.port=0", "--spring.datasource.url=" + TestDatabase.url(), "--spring.flyway.enabled=false")) {
            Api node = new Api(((WebServerApplicationContext) other).getWebServer().getPort());
            // the instant is taken once the node is up: a slow start must not put it in the past
            Instant at = Instant.now().plusSeconds(4);
            Api.Response scheduled = node.post("/api/v1/tenants/" + tenant + "/plan", Tokens.user(owner),
                    "{\"plan\":\"STARTER\",\"effectiveAt\":\"" + at + "\"}");
            assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(200);
        }
        // the node that scheduled it is gone; this one applies it from the deadline stored in PostgreSQL
        await().atMost(Duration.ofSeconds(40)).until(() -> eventsOfType("PlanChanged") == 1);
        assertThat(track(2).json().get("limit").asLong()).as("STARTER allows 5 events").isEqualTo(5);
        assertThat(api.post("/api/v1/tenants/" + tenant + "/plan", Tokens.user(owner),
                "{\"plan\":\"FREE\",\"effectiveAt\":\"2000-01-01T00:00:00Z\"}").isProblem(400, "invalid-command")).isTrue();
    }

    @Test
    void a_trial_expires_into_the_plan_the_tenant_had() {
        Api.Response started = api.post("/api/v1/tenants/" + tenant + "/trial", Tokens.user(owner),
                "{\"plan\":\"PROFESSIONAL\",\"days\":14}");
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        assertThat(track(10).json().get("limit").asLong()).isEqualTo(20);
        // fast-forward: the trial's deadline is due now (the deadline itself still names the original end)
        int moved = jdbc.update("UPDATE scheduled_tasks SET execution_time = now() WHERE task_instance LIKE '%' AND picked = false");
        assertThat(moved).isGreaterThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOfType("TrialEnded") == 1);
        Api.Response after = track(-1);
        assertThat(after.json().get("limit").asLong()).as("back on FREE").isEqualTo(1);
        assertThat(after.json().get("used").asLong()).isEqualTo(9);
        assertThat(track(1).isProblem(409, "limit-exceeded")).as("over limit after the trial").isTrue();
        assertThat(api.post("/api/v1/tenants/" + tenant + "/trial", Tokens.user(owner), "{\"plan\":\"FREE\",\"days\":3}")
                .isProblem(400, "invalid-command")).isTrue();
    }

    private Api.Response track(long delta) {
        return api.post("/api/v1/tenants/" + tenant + "/usage", Tokens.user(owner),
                "{\"metric\":\"EVENTS\",\"delta\":%d}".formatted(delta));
    }

    private int eventsOfType(String simpleName) {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE ?",
                Integer.class, tenant, "%." + simpleName);
    }
}

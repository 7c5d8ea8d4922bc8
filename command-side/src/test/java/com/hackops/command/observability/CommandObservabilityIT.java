package com.hackops.command.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.hackops.command.support.Api;
import com.hackops.command.support.IntegrationTest;
import com.hackops.platform.security.Tokens;
import com.hackops.platform.testing.Prometheus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What operators watch on the command side: health, commands by type and outcome, limit refusals, publisher lag. */
@IntegrationTest
class CommandObservabilityIT {

    private static final String COMMANDS = "hackops_commands_total";
    private static final String REFUSALS = "hackops_usage_refusals_total";

    @LocalServerPort
    int port;

    private Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    @Test
    void health_reports_postgresql_and_kafka() {
        JsonNode health = api.send("GET", "/actuator/health", null, null).json();
        assertThat(health.path("components").path("db").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("kafka").path("status").asText()).isEqualTo("UP");
    }

    @Test
    void commands_are_counted_by_type_and_outcome_and_limit_refusals_by_metric() {
        Prometheus before = Prometheus.scrape(api);
        Api.NewTenant tenant = api.newTenant("metered-", "FREE");
        String token = tenant.token();
        String usage = tenant.usage();

        assertThat(api.post(usage, token, "{\"metric\":\"EVENTS\",\"delta\":1}").status()).isEqualTo(200);
        assertThat(api.post(usage, token, "{\"metric\":\"EVENTS\",\"delta\":1}").isProblem(409, "limit-exceeded")).isTrue();
        Api.Response batch = api.post(usage + "/batch", token,
                "{\"items\":[{\"metric\":\"PARTICIPANTS\",\"delta\":10},{\"metric\":\"PARTICIPANTS\",\"delta\":100}]}");
        assertThat(batch.json().path("refused").asInt()).as(batch.body()).isEqualTo(1);
        assertThat(api.post("/api/v1/tenants/" + UUID.randomUUID() + "/usage", token, "{\"metric\":\"EVENTS\",\"delta\":1}")
                .status()).isEqualTo(404);

        Prometheus after = Prometheus.scrape(api);
        assertThat(increase(before, after, COMMANDS, "type", "CreateTenant", "outcome", "success")).isEqualTo(1);
        assertThat(increase(before, after, COMMANDS, "type", "TrackUsage", "outcome", "success")).isEqualTo(2);
        assertThat(increase(before, after, COMMANDS, "type", "TrackUsage", "outcome", "limit-exceeded")).isEqualTo(1);
        assertThat(increase(before, after, COMMANDS, "type", "TrackUsage", "outcome", "not-found")).isEqualTo(1);
        assertThat(increase(before, after, REFUSALS, "metric", "EVENTS")).isEqualTo(1);
        assertThat(increase(before, after, REFUSALS, "metric", "PARTICIPANTS")).isEqualTo(1);
        assertThat(after.samples(REFUSALS)).as("every metric has its series, also at zero").hasSize(4);
    }

    @Test
    void a_request_is_timed_once_and_neither_spring_security_nor_axon_meters_each_message() {
        Api.NewTenant tenant = api.newTenant("timed-", "FREE");
        assertThat(api.post(tenant.usage(), tenant.token(), "{\"metric\":\"EVENTS\",\"delta\":1}")
                .status()).isEqualTo(200);

        Prometheus scraped = Prometheus.scrape(api);
        assertThat(scraped.samples("http_server_requests_seconds_count")).isNotEmpty();
        assertThat(scraped.text().lines().filter(line -> !line.startsWith("#")))
                .as("per-filter, per-authentication and per-command meters cost every request (BENCHMARKS.md)")
                .noneMatch(line -> line.startsWith("spring_security_") || line.startsWith("commandBus")
                        || line.startsWith("eventStore") || line.startsWith("eventProcessor"));
    }

    @Test
    void an_idempotent_replay_counts_no_refusal_again() {
        Api.NewTenant tenant = api.newTenant("replay-", "FREE");
        String token = tenant.token();
        String batch = tenant.usage() + "/batch";
        String body = "{\"items\":[{\"metric\":\"EVENTS\",\"delta\":1},{\"metric\":\"EVENTS\",\"delta\":1}]}";
        Prometheus before = Prometheus.scrape(api);
        assertThat(api.post(batch, token, body, "Idempotency-Key", "k-1").json().path("refused").asInt()).isEqualTo(1);
        Api.Response replay = api.post(batch, token, body, "Idempotency-Key", "k-1");
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(increase(before, Prometheus.scrape(api), REFUSALS, "metric", "EVENTS")).isEqualTo(1);
    }

    @Test
    void publisher_lag_is_exported_and_the_correlation_id_is_echoed() {
        assertThat(Prometheus.scrape(api).samples("hackops_publisher_lag")).hasSize(1);
        Api.Response answered = api.send("GET", "/api/v1/tenants/" + UUID.randomUUID(), Tokens.user("x"), null,
                "X-Correlation-Id", "cmd-test-7");
        assertThat(answered.header("X-Correlation-Id")).isEqualTo("cmd-test-7");
    }

    private static double increase(Prometheus before, Prometheus after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }
}

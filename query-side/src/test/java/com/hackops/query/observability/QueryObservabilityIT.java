package com.hackops.query.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.hackops.events.types.Metric;
import com.hackops.platform.security.Tokens;
import com.hackops.platform.testing.Prometheus;
import com.hackops.query.support.Api;
import com.hackops.query.support.EventPublisher;
import com.hackops.query.support.EventStore;
import com.hackops.query.support.History;
import com.hackops.query.support.OwnPipeline;
import com.hackops.query.support.OwnPipelineTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What operators watch on the query side: health, projection lag, rebuild progress, and logs they can correlate. */
@OwnPipelineTest
@ExtendWith(OutputCaptureExtension.class)
class QueryObservabilityIT {

    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final String LAG_RECORDS = "hackops_projection_lag_records";
    private static final String LAG_SECONDS = "hackops_projection_lag_seconds";

    @LocalServerPort
    int port;

    private Api api;
    private EventPublisher publisher;

    @BeforeEach
    void client() {
        api = new Api(port);
        publisher = new EventPublisher(OwnPipeline.topic());
    }

    @AfterEach
    void closePublisher() {
        publisher.close();
    }

    @Test
    void health_reports_postgresql_and_kafka() {
        JsonNode health = api.get("/actuator/health", null).json();
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("db").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("kafka").path("status").asText()).isEqualTo("UP");
    }

    @Test
    void projection_lag_rises_while_the_projections_are_held_up_and_falls_to_zero_after() throws Exception {
        History tenant = History.created("Lagging Jams");
        try (Connection rebuildSwitch = DriverManager.getConnection(OwnPipeline.databaseUrl(), "hackops_owner", "hackops_owner")) {
            // what a rebuild's switch holds: the projections' batches wait for the generation choice
            rebuildSwitch.setAutoCommit(false);
            rebuildSwitch.createStatement().executeQuery("SELECT schema_name FROM read_model_generation FOR UPDATE").close();
            tenant.publish(publisher, 0);
            await("lag while held up").atMost(BOUND).until(() -> {
                Prometheus scrape = Prometheus.scrape(api);
                return scrape.samples(LAG_RECORDS).stream().anyMatch(s -> s.value() >= 1
                        && scrape.value(LAG_SECONDS, "partition", s.labels().get("partition")) >= 0.5);
            });
            rebuildSwitch.rollback();
        }
        await("tenant projected").atMost(BOUND).until(() -> api.get("/api/v1/tenants/" + tenant.tenant, Tokens.user(tenant.owner)).status() == 200);
        await("lag back to zero").atMost(BOUND).until(() -> {
            Prometheus scrape = Prometheus.scrape(api);
            return !scrape.samples(LAG_RECORDS).isEmpty()
                    && scrape.samples(LAG_RECORDS).stream().allMatch(s -> s.value() == 0)
                    && scrape.samples(LAG_SECONDS).stream().allMatch(s -> s.value() == 0);
        });
    }

    @Test
    void rebuild_progress_is_a_pair_of_gauges() {
        History stored = History.created("Rebuilt Jams");
        stored.add(stored.usage(Metric.EVENTS, 1, 1, Instant.now()));
        try (EventStore store = new EventStore()) {
            for (int sequence = 0; sequence < stored.events().size(); sequence++) {
                store.append(stored.tenant, sequence, stored.events().get(sequence), Instant.now());
            }
        }
        double before = Prometheus.scrape(api).value("hackops_rebuild_events_done");
        String admin = Tokens.platformAdmin("ops");
        Api.Response started = api.post("/api/v1/admin/rebuilds", admin, null);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String job = "/api/v1/admin/rebuilds/" + started.json().path("id").asText();
        await("rebuild done").atMost(Duration.ofSeconds(120))
                .until(() -> api.get(job, admin).json().path("phase").asText(), phase -> phase.equals("DONE") || phase.equals("FAILED"));
        JsonNode done = api.get(job, admin).json();
        assertThat(done.path("phase").asText()).as(done.toString()).isEqualTo("DONE");

        Prometheus scrape = Prometheus.scrape(api);
        double replayed = scrape.value("hackops_rebuild_events_done");
        assertThat(replayed).isEqualTo(done.path("eventsDone").asDouble()).isGreaterThanOrEqualTo(stored.events().size())
                .isGreaterThan(before);
        assertThat(scrape.value("hackops_rebuild_events_planned")).isEqualTo(replayed);
    }

    @Test
    void request_logs_carry_the_correlation_id_and_the_tenant(CapturedOutput output) {
        History tenant = History.created("Logged Jams");
        tenant.publish(publisher, 0);
        await().atMost(BOUND).until(() -> api.get("/api/v1/tenants/" + tenant.tenant, Tokens.user(tenant.owner)).status() == 200);

        Api.Response read = api.get("/api/v1/tenants/" + tenant.tenant, Tokens.platformAdmin("auditor"),
                "X-Correlation-Id", "dash-test-42");
        assertThat(read.header("X-Correlation-Id")).isEqualTo("dash-test-42");
        assertThat(output.getOut()).containsPattern("cid=dash-test-42 tenant=" + tenant.tenant + "\\].*platform-admin read by auditor");

        Api.Response generated = api.get("/api/v1/tenants/" + tenant.tenant, null, "X-Correlation-Id", "bad id with spaces");
        assertThat(generated.status()).isEqualTo(401);
        assertThat(generated.header("X-Correlation-Id")).matches("[0-9a-f-]{36}");
    }

    @Test
    void projection_logs_carry_the_tenant_of_the_record(CapturedOutput output) {
        History tenant = History.created("Poisoned Jams");
        publisher.send(tenant.tenant, 0, "com.hackops.events.tenant.TenantCreated.v1", "{not json".getBytes(StandardCharsets.UTF_8));
        await().atMost(BOUND).until(() -> output.getOut().lines()
                .anyMatch(line -> line.contains("parked event") && line.contains("tenant=" + tenant.tenant + "]")));
    }
}

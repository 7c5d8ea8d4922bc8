package com.hackops.query.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.hackops.events.types.Metric;
import com.hackops.query.QuerySideApplication;
import com.hackops.query.support.Api;
import com.hackops.query.support.EventPublisher;
import com.hackops.query.support.History;
import com.hackops.query.support.TestInfrastructure;
import com.hackops.query.support.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A query-side instance stops, events arrive meanwhile, a new instance starts: it resumes at the committed offsets
 * and the read models end exact — nothing lost, nothing counted twice.
 */
class ProjectionRestartIT {

    private final String database = TestInfrastructure.extraDatabaseUrl("restart");
    private final String group = "restart-" + UUID.randomUUID();

    @Test
    void a_restarted_query_side_resumes_where_it_stopped() {
        History h = History.created("Restart Co");
        h.add(h.usage(Metric.PARTICIPANTS, 10, 10, Instant.now()));
        try (EventPublisher publisher = new EventPublisher()) {
            h.publish(publisher, 0);
            try (ConfigurableApplicationContext first = start()) {
                awaitVersion(first, h, 2);
            }
            h.add(h.usage(Metric.PARTICIPANTS, 5, 15, Instant.now()))
                    .add(h.usage(Metric.PARTICIPANTS, -3, 12, Instant.now()));
            h.publish(publisher, 3);
            try (ConfigurableApplicationContext second = start()) {
                awaitVersion(second, h, 4);
                Api api = api(second);
                JsonNode usage = api.get("/api/v1/tenants/" + h.tenant + "/usage", Tokens.user(h.owner)).json();
                assertThat(usage.get("metrics").get(1).get("used").asLong()).isEqualTo(12);
                JsonNode bucket = api.get("/api/v1/tenants/" + h.tenant + "/usage/history?metric=PARTICIPANTS",
                        Tokens.user(h.owner)).json().get("buckets").get(0);
                assertThat(bucket.get("increments").asLong()).isEqualTo(15);
                assertThat(bucket.get("decrements").asLong()).isEqualTo(3);
                assertThat(bucket.get("changes").asInt()).isEqualTo(3);
            }
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(QuerySideApplication.class).run("--server.port=0",
                "--spring.datasource.url=" + database, "--spring.kafka.bootstrap-servers=" + TestInfrastructure.BOOTSTRAP,
                "--hackops.kafka.topic=" + TestInfrastructure.topic(), "--hackops.kafka.group-id=" + group);
    }

    private static Api api(ConfigurableApplicationContext context) {
        return new Api(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    private static void awaitVersion(ConfigurableApplicationContext context, History h, long version) {
        Api api = api(context);
        await().atMost(Duration.ofSeconds(60)).until(() -> Long.toString(version).equals(
                api.get("/api/v1/tenants/" + h.tenant, Tokens.user(h.owner)).header("Hackops-Version")));
    }
}

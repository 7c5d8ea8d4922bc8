package com.hackops.query.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.hackops.events.types.Metric;
import com.hackops.platform.security.Tokens;
import com.hackops.query.support.Api;
import com.hackops.query.support.EventPublisher;
import com.hackops.query.support.History;
import com.hackops.query.support.OwnInstance;
import com.hackops.query.support.TestInfrastructure;
import org.junit.jupiter.api.Test;

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
            try (OwnInstance first = OwnInstance.start(database, group)) {
                awaitVersion(first.api(), h, 2);
            }
            h.add(h.usage(Metric.PARTICIPANTS, 5, 15, Instant.now()))
                    .add(h.usage(Metric.PARTICIPANTS, -3, 12, Instant.now()));
            h.publish(publisher, 3);
            try (OwnInstance second = OwnInstance.start(database, group)) {
                awaitVersion(second.api(), h, 4);
                Api api = second.api();
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

    private static void awaitVersion(Api api, History h, long version) {
        await().atMost(Duration.ofSeconds(60)).until(() -> Long.toString(version).equals(
                api.get("/api/v1/tenants/" + h.tenant, Tokens.user(h.owner)).header("Hackops-Version")));
    }
}

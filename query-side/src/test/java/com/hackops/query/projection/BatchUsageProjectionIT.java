package com.hackops.query.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.hackops.events.types.Metric;
import com.hackops.events.usage.UsageChange;
import com.hackops.events.usage.UsageTracked;
import com.hackops.platform.security.Tokens;
import com.hackops.query.support.Api;
import com.hackops.query.support.EventPublisher;
import com.hackops.query.support.History;
import com.hackops.query.support.QueryIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A batch call records many changes in one UsageTracked event; the projections fold them (one usage update per
 * metric, one hourly upsert per metric and hour) and must show exactly what applying them one by one would.
 */
@QueryIntegrationTest
class BatchUsageProjectionIT {

    @LocalServerPort
    int port;

    private Api api;
    private EventPublisher publisher;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        publisher = new EventPublisher();
    }

    @AfterEach
    void tearDown() {
        publisher.close();
    }

    @Test
    void the_changes_of_one_batch_event_fold_into_the_same_usage_and_hourly_buckets() {
        History h = History.created("Batch Hackathons");
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);
        Instant next = hour.plus(1, ChronoUnit.HOURS);
        h.add(h.usage(Metric.PARTICIPANTS, 5, 5, hour.plusSeconds(10)));
        // interleaved metrics and hours, increments and a clamped decrement, in one event
        h.add(new UsageTracked(h.id, List.of(
                new UsageChange(Metric.PARTICIPANTS, 10, 10, 15, hour.plusSeconds(20)),
                new UsageChange(Metric.STORAGE_BYTES, 1_000, 1_000, 1_000, hour.plusSeconds(21)),
                new UsageChange(Metric.PARTICIPANTS, 30, 30, 45, hour.plusSeconds(22)),
                new UsageChange(Metric.PARTICIPANTS, -50, -45, 0, next.plusSeconds(5)),
                new UsageChange(Metric.PARTICIPANTS, 7, 7, 7, next.plusSeconds(6)),
                new UsageChange(Metric.STORAGE_BYTES, -400, -400, 600, hour.plusSeconds(30))), h.owner));
        h.publish(publisher, 0);
        String token = Tokens.user(h.owner);
        String base = "/api/v1/tenants/" + h.tenant;
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Long.toString(h.lastSequence()).equals(api.get(base, token).header("Hackops-Version")));

        JsonNode usage = api.get(base + "/usage", token).json();
        assertThat(metric(usage, "PARTICIPANTS").get("used").asLong()).as("the last change of the metric").isEqualTo(7);
        assertThat(metric(usage, "STORAGE_BYTES").get("used").asLong()).isEqualTo(600);

        JsonNode participants = buckets(base, token, "PARTICIPANTS", hour);
        assertThat(participants).hasSize(2);
        assertBucket(participants.get(0), 45, 0, 3, 45, 45);
        assertBucket(participants.get(1), 7, 45, 2, 7, 7);
        JsonNode storage = buckets(base, token, "STORAGE_BYTES", hour);
        assertThat(storage).hasSize(1);
        assertBucket(storage.get(0), 1_000, 400, 2, 600, 1_000);
    }

    private JsonNode buckets(String base, String token, String metric, Instant from) {
        return api.get(base + "/usage/history?metric=" + metric + "&from=" + from + "&to=" + from.plus(2, ChronoUnit.HOURS),
                token).json().get("buckets");
    }

    private static void assertBucket(JsonNode bucket, long increments, long decrements, long changes, long closing, long peak) {
        assertThat(bucket.get("increments").asLong()).as("increments " + bucket).isEqualTo(increments);
        assertThat(bucket.get("decrements").asLong()).as("decrements " + bucket).isEqualTo(decrements);
        assertThat(bucket.get("changes").asLong()).as("changes " + bucket).isEqualTo(changes);
        assertThat(bucket.get("closing").asLong()).as("closing " + bucket).isEqualTo(closing);
        assertThat(bucket.get("peak").asLong()).as("peak " + bucket).isEqualTo(peak);
    }

    private static JsonNode metric(JsonNode usage, String metric) {
        for (JsonNode node : usage.get("metrics")) {
            if (node.get("metric").asText().equals(metric)) {
                return node;
            }
        }
        throw new AssertionError("no metric " + metric + " in " + usage);
    }
}

package com.hackops.query.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.hackops.events.types.Metric;
import com.hackops.events.usage.UsageTracked;
import com.hackops.events.wire.TenantEventsTopic;
import com.hackops.platform.security.Tokens;
import com.hackops.query.support.Api;
import com.hackops.query.support.EventPublisher;
import com.hackops.query.support.History;
import com.hackops.query.support.QueryIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QueryIntegrationTest
class RedeliveryAndPoisonIT {

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
    void the_same_records_delivered_twice_change_nothing() {
        History h = History.created("Twice Co");
        h.add(h.usage(Metric.PARTICIPANTS, 10, 10, Instant.now()))
                .add(h.usage(Metric.PARTICIPANTS, 5, 15, Instant.now()));
        h.publish(publisher, 0);
        h.publish(publisher, 2);
        h.publish(publisher, 0);
        h.add(h.usage(Metric.PARTICIPANTS, 1, 16, Instant.now()));
        h.publish(publisher, h.events().size() - 1);

        String token = Tokens.user(h.owner);
        await().atMost(Duration.ofSeconds(30)).until(() -> "4".equals(api.get("/api/v1/tenants/" + h.tenant, token).header("Hackops-Version")));
        JsonNode usage = api.get("/api/v1/tenants/" + h.tenant + "/usage", token).json();
        assertThat(usage.get("metrics").get(1).get("used").asLong()).isEqualTo(16);
        JsonNode bucket = api.get("/api/v1/tenants/" + h.tenant + "/usage/history?metric=PARTICIPANTS", token)
                .json().get("buckets").get(0);
        assertThat(bucket.get("increments").asLong()).as("duplicates are not counted again").isEqualTo(16);
        assertThat(bucket.get("changes").asInt()).isEqualTo(3);
    }

    @Test
    void a_poison_event_parks_its_tenant_only_and_an_operator_can_resume_it() {
        History poisoned = History.created("Poisoned Co");
        History healthy = History.created("Healthy Co");
        poisoned.publish(publisher, 0);
        String usageType = TenantEventsTopic.type(UsageTracked.class.getName(), "1");
        publisher.send(poisoned.tenant, 2, usageType, "{not json".getBytes(StandardCharsets.UTF_8));
        poisoned.add("placeholder for the poison at sequence 2");
        poisoned.add(poisoned.usage(Metric.EVENTS, 1, 1, Instant.now()));
        publisher.publish(poisoned.tenant, 3, poisoned.events().get(3));
        healthy.add(healthy.usage(Metric.EVENTS, 1, 1, Instant.now()));
        healthy.publish(publisher, 0);

        String admin = Tokens.platformAdmin("operator");
        await().atMost(Duration.ofSeconds(60)).until(() ->
                api.get("/api/v1/admin/projections/parked", admin).json().findValuesAsText("tenantId").stream()
                        .filter(poisoned.tenant.toString()::equals).count() == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> "2".equals(
                api.get("/api/v1/tenants/" + healthy.tenant, Tokens.user(healthy.owner)).header("Hackops-Version")));
        assertThat(api.get("/api/v1/tenants/" + poisoned.tenant, Tokens.user(poisoned.owner)).header("Hackops-Version"))
                .as("the poisoned tenant stops before the poison").isEqualTo("1");
        JsonNode parked = api.get("/api/v1/admin/projections/parked", admin).json();
        assertThat(parked.toString()).contains("unreadable payload");

        JsonNode stillFailing = api.post("/api/v1/admin/projections/parked/" + poisoned.tenant + "/retry", admin, null).json();
        assertThat(stillFailing.get("applied").asInt()).isZero();
        assertThat(stillFailing.get("stillParked").asInt()).isEqualTo(2);

        assertThat(api.send("DELETE", "/api/v1/admin/projections/parked/" + poisoned.tenant + "/3", admin, null).status())
                .as("only the first parked event may be discarded").isEqualTo(404);
        assertThat(api.send("DELETE", "/api/v1/admin/projections/parked/" + poisoned.tenant + "/2", admin, null).status())
                .isEqualTo(200);
        JsonNode resumed = api.post("/api/v1/admin/projections/parked/" + poisoned.tenant + "/retry", admin, null).json();
        assertThat(resumed.get("applied").asInt()).isEqualTo(1);
        Api.Response after = api.get("/api/v1/tenants/" + poisoned.tenant + "/usage", Tokens.user(poisoned.owner));
        assertThat(after.header("Hackops-Version")).isEqualTo("3");
        assertThat(after.json().get("metrics").get(0).get("used").asLong()).isEqualTo(1);

        poisoned.add(poisoned.usage(Metric.EVENTS, -1, 0, Instant.now()));
        publisher.publish(poisoned.tenant, 4, poisoned.events().get(4));
        await().atMost(Duration.ofSeconds(30)).until(() -> "4".equals(
                api.get("/api/v1/tenants/" + poisoned.tenant, Tokens.user(poisoned.owner)).header("Hackops-Version")));
        assertThat(api.get("/api/v1/admin/projections/parked", Tokens.user(poisoned.owner)).status()).isEqualTo(403);
    }
}

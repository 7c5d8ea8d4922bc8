package com.hackops.query.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.hackops.events.membership.MemberAdded;
import com.hackops.events.membership.MemberRemoved;
import com.hackops.events.types.Metric;
import com.hackops.events.types.Role;
import com.hackops.platform.security.Tokens;
import com.hackops.platform.testing.Prometheus;
import com.hackops.query.support.Api;
import com.hackops.query.support.EventPublisher;
import com.hackops.query.support.History;
import com.hackops.query.support.OwnPipeline;
import com.hackops.query.support.OwnPipelineTest;
import com.hackops.query.support.PersonKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live stream a dashboard listens to: the current usage at once, then a new message as soon as the read models
 * advance; the same authorization as every read; the token in the query string on this endpoint only.
 */
@OwnPipelineTest
class LiveUsageIT {

    private static final Duration LIVE = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    private Api api;
    private EventPublisher publisher;
    private History tenant;

    @BeforeEach
    void tenantOnTheLiveTopic() {
        api = new Api(port);
        publisher = new EventPublisher(OwnPipeline.topic());
        tenant = History.created("Live Jams");
        tenant.publish(publisher, 0);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> api.get(path("/usage"), Tokens.user(tenant.owner)).status() == 200);
    }

    @AfterEach
    void closePublisher() {
        publisher.close();
    }

    @Test
    void a_member_sees_the_usage_at_once_and_again_when_it_changes() {
        try (EventStreamClient stream = EventStreamClient.open(port, path("/stream"), "Bearer " + Tokens.user(tenant.owner))) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            JsonNode first = stream.next("usage", e -> true, LIVE).json();
            assertThat(first.path("tenantId").asText()).isEqualTo(tenant.tenant.toString());
            assertThat(used(first, "EVENTS")).isZero();

            Instant sent = Instant.now();
            tenant.add(tenant.usage(Metric.EVENTS, 1, 1, sent)).publish(publisher, 2);
            JsonNode pushed = stream.next("usage", e -> used(e.json(), "EVENTS") == 1, LIVE).json();
            assertThat(pushed.path("version").asLong()).isEqualTo(2);
            assertThat(metric(pushed, "EVENTS").path("status").asText()).isEqualTo("AT_LIMIT");
            System.out.printf("live usage pushed %d ms after the event was published%n",
                    Duration.between(sent, Instant.now()).toMillis());

            tenant.add(tenant.usage(Metric.PARTICIPANTS, 40, 40, Instant.now())).publish(publisher, 3);
            JsonNode warned = stream.next("usage", e -> used(e.json(), "PARTICIPANTS") == 40, LIVE).json();
            assertThat(metric(warned, "PARTICIPANTS").path("status").asText()).isEqualTo("WARNING");
        }
    }

    @Test
    void a_browser_may_send_the_token_as_access_token_on_the_stream_only() {
        String token = Tokens.user(tenant.owner);
        try (EventStreamClient stream = EventStreamClient.open(port, path("/stream") + "?access_token=" + token, null)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(used(stream.next("usage", e -> true, LIVE).json(), "EVENTS")).isZero();
        }
        Api.Response elsewhere = api.get(path("/usage") + "?access_token=" + token, null);
        assertThat(elsewhere.isProblem(401, "unauthorized")).as(elsewhere.body()).isTrue();
    }

    @Test
    void strangers_get_404_callers_without_a_valid_token_401_and_platform_admins_the_stream() {
        try (EventStreamClient stranger = EventStreamClient.open(port, path("/stream"), "Bearer " + Tokens.user("stranger"))) {
            assertThat(stranger.status()).isEqualTo(404);
            assertThat(stranger.problem().path("type").asText()).isEqualTo("urn:hackops:problem:not-found");
        }
        try (EventStreamClient anonymous = EventStreamClient.open(port, path("/stream"), null)) {
            assertThat(anonymous.status()).isEqualTo(401);
        }
        try (EventStreamClient forged = EventStreamClient.open(port, path("/stream") + "?access_token=not.a.token", null)) {
            assertThat(forged.status()).isEqualTo(401);
        }
        try (EventStreamClient admin = EventStreamClient.open(port, path("/stream"), "Bearer " + Tokens.platformAdmin("ops"))) {
            assertThat(admin.status()).isEqualTo(200);
            assertThat(admin.next("usage", e -> true, LIVE).json().path("tenantId").asText()).isEqualTo(tenant.tenant.toString());
        }
    }

    @Test
    void a_member_who_is_removed_stops_getting_messages() {
        tenant.add(new MemberAdded(tenant.id, "guest", PersonKeys.seal(tenant.tenant, "guest", "guest@example.com", null),
                Role.VIEWER, tenant.owner)).publish(publisher, 2);
        await().atMost(LIVE).until(() -> api.get(path("/usage"), Tokens.user("guest")).status() == 200);
        try (EventStreamClient guest = EventStreamClient.open(port, path("/stream"), "Bearer " + Tokens.user("guest"))) {
            guest.next("usage", e -> true, LIVE);
            tenant.add(new MemberRemoved(tenant.id, "guest", Role.VIEWER, tenant.owner))
                    .add(tenant.usage(Metric.EVENTS, 1, 1, Instant.now())).publish(publisher, 3);
            assertThat(guest.untilEnd(LIVE))
                    .as("after the removal the service ends the stream instead of showing the tenant's usage")
                    .noneMatch(e -> e.name().equals("usage") && used(e.json(), "EVENTS") == 1);
        }
    }

    @Test
    void open_streams_get_heartbeats_and_streams_whose_client_left_are_dropped() {
        EventStreamClient stream = EventStreamClient.open(port, path("/stream"), "Bearer " + Tokens.user(tenant.owner));
        stream.next("usage", e -> true, LIVE);
        await().atMost(LIVE).until(() -> stream.comments() >= 2);
        assertThat(Prometheus.scrape(api).value("hackops_dashboard_streams")).isGreaterThanOrEqualTo(1);
        stream.close();
        await("the stream is dropped at the next heartbeat").atMost(LIVE)
                .until(() -> Prometheus.scrape(api).value("hackops_dashboard_streams") == 0);
    }

    private String path(String suffix) {
        return "/api/v1/tenants/" + tenant.tenant + suffix;
    }

    private static JsonNode metric(JsonNode usage, String metric) {
        for (JsonNode entry : usage.path("metrics")) {
            if (entry.path("metric").asText().equals(metric)) {
                return entry;
            }
        }
        throw new AssertionError("no metric " + metric + " in " + usage);
    }

    private static long used(JsonNode usage, String metric) {
        return metric(usage, metric).path("used").asLong();
    }
}

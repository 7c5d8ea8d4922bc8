package com.hackops.query.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.hackops.events.membership.MemberAdded;
import com.hackops.events.membership.MemberRemoved;
import com.hackops.events.membership.MemberRoleChanged;
import com.hackops.events.tenant.PlanChanged;
import com.hackops.events.tenant.TenantArchived;
import com.hackops.events.tenant.TenantProfileUpdated;
import com.hackops.events.tenant.TenantReactivated;
import com.hackops.events.tenant.TenantSuspended;
import com.hackops.events.types.Feature;
import com.hackops.events.types.Metric;
import com.hackops.events.types.Plan;
import com.hackops.events.types.Role;
import com.hackops.events.usage.UsageOverLimitCleared;
import com.hackops.events.usage.UsageOverLimitEntered;
import com.hackops.events.usage.UsageThresholdCrossed;
import com.hackops.platform.security.Tokens;
import com.hackops.query.support.Api;
import com.hackops.query.support.EventPublisher;
import com.hackops.query.support.History;
import com.hackops.query.support.PersonKeys;
import com.hackops.query.support.QueryIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every event type, from Kafka through the projections to the query API. */
@QueryIntegrationTest
class ProjectionIT {

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
    void a_full_tenant_history_shows_up_in_every_read_model() {
        History h = History.created("Acme Hackathons");
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        h.add(new MemberAdded(h.id, "viewer", PersonKeys.seal(h.tenant, "viewer", "viewer@example.com", null), Role.VIEWER, h.owner))
                .add(h.usage(Metric.EVENTS, 1, 1, hour.plusSeconds(60)))
                .add(new UsageThresholdCrossed(h.id, Metric.EVENTS, 80, 1, 1))
                .add(new UsageThresholdCrossed(h.id, Metric.EVENTS, 100, 1, 1))
                .add(new PlanChanged(h.id, Plan.FREE, Plan.STARTER, History.STARTER,
                        Set.of(Feature.API_ACCESS, Feature.CUSTOM_BRANDING), Set.of(), h.owner))
                .add(new TenantProfileUpdated(h.id, "Acme Events", "acme-events", h.owner))
                .add(new MemberRoleChanged(h.id, "viewer", Role.VIEWER, Role.ADMIN, h.owner))
                .add(h.usage(Metric.PARTICIPANTS, 120, 120, hour.plusSeconds(120)))
                .add(h.usage(Metric.PARTICIPANTS, -20, 100, hour.plusSeconds(180)))
                .add(new PlanChanged(h.id, Plan.STARTER, Plan.FREE, History.FREE, Set.of(), Set.of(Metric.PARTICIPANTS, Metric.ADMINS), h.owner))
                .add(new UsageOverLimitEntered(h.id, Metric.PARTICIPANTS, 100, 50))
                .add(new MemberRemoved(h.id, "viewer", Role.ADMIN, h.owner))
                .add(new UsageOverLimitCleared(h.id, Metric.ADMINS, 1, 1))
                .add(new TenantSuspended(h.id, h.owner))
                .add(new TenantReactivated(h.id, h.owner))
                .add(new TenantArchived(h.id, h.owner));
        h.publish(publisher, 0);
        String token = Tokens.user(h.owner);
        String base = "/api/v1/tenants/" + h.tenant;

        awaitVersion(base, token, h.lastSequence());
        Api.Response tenant = api.get(base + "?minVersion=" + h.lastSequence(), token);
        assertThat(tenant.status()).as(tenant.body()).isEqualTo(200);
        assertThat(tenant.header("Hackops-Version")).isEqualTo(Long.toString(h.lastSequence()));
        JsonNode summary = tenant.json();
        assertThat(summary.get("name").asText()).isEqualTo("Acme Events");
        assertThat(summary.get("slug").asText()).isEqualTo("acme-events");
        assertThat(summary.get("status").asText()).isEqualTo("ARCHIVED");
        assertThat(summary.get("plan").asText()).isEqualTo("FREE");
        assertThat(summary.get("features")).isEmpty();
        assertThat(summary.get("limits").get("PARTICIPANTS").asLong()).isEqualTo(50);

        Api.Response usageAnswer = api.get(base + "/usage", token);
        // sent with its length, not chunked (platform-web's SizedJsonAnswers)
        assertThat(usageAnswer.header("Transfer-Encoding")).isNull();
        assertThat(usageAnswer.header("Content-Length"))
                .isEqualTo(String.valueOf(usageAnswer.body().getBytes(StandardCharsets.UTF_8).length));
        JsonNode usage = usageAnswer.json();
        assertThat(usage.get("metrics")).hasSize(4);
        assertThat(metric(usage, "EVENTS").get("status").asText()).isEqualTo("AT_LIMIT");
        assertThat(metric(usage, "PARTICIPANTS").get("used").asLong()).isEqualTo(100);
        assertThat(metric(usage, "PARTICIPANTS").get("percent").asDouble()).isEqualTo(200.0);
        assertThat(metric(usage, "PARTICIPANTS").get("status").asText()).isEqualTo("OVER_LIMIT");
        assertThat(metric(usage, "ADMINS").get("used").asLong()).isEqualTo(1);
        assertThat(metric(usage, "STORAGE_BYTES").get("status").asText()).isEqualTo("OK");

        JsonNode history = api.get(base + "/usage/history?metric=PARTICIPANTS&from=" + hour + "&to=" + hour.plus(1, ChronoUnit.HOURS), token).json();
        assertThat(history.get("buckets")).hasSize(1);
        JsonNode bucket = history.get("buckets").get(0);
        assertThat(bucket.get("increments").asLong()).isEqualTo(120);
        assertThat(bucket.get("decrements").asLong()).isEqualTo(20);
        assertThat(bucket.get("closing").asLong()).isEqualTo(100);
        assertThat(bucket.get("peak").asLong()).isEqualTo(120);

        JsonNode members = api.get(base + "/members", token).json().get("members");
        assertThat(members).hasSize(1);
        assertThat(members.get(0).get("role").asText()).isEqualTo("OWNER");

        JsonNode plans = api.get(base + "/plans", token).json().get("plans");
        assertThat(plans).hasSize(3);
        assertThat(plans.get(1).get("plan").asText()).isEqualTo("STARTER");
        assertThat(plans.get(1).get("limits").get("EVENTS").asLong()).isEqualTo(5);
        assertThat(plans.get(2).get("overLimit").toString()).contains("PARTICIPANTS");

        JsonNode alerts = api.get(base + "/usage/alerts", token).json().get("alerts");
        assertThat(alerts.findValuesAsText("kind"))
                .contains("THRESHOLD_80", "THRESHOLD_100", "OVER_LIMIT_ENTERED", "OVER_LIMIT_CLEARED");
    }

    @Test
    void an_override_a_scheduled_change_and_a_trial_are_visible() {
        History h = History.created("Deal Co");
        Instant effectiveAt = Instant.parse("2030-01-01T00:00:00Z");
        h.add(new com.hackops.events.tenant.LimitsOverridden(h.id, java.util.Map.of(Metric.PARTICIPANTS, 10_000L),
                        java.util.Map.of(Feature.SSO, true), Set.of(), "Contract 2026-114", "ops"))
                .add(new com.hackops.events.tenant.PlanChangeScheduled(h.id, "s-1", Plan.STARTER, false, effectiveAt, h.owner))
                .add(new com.hackops.events.tenant.TrialStarted(h.id, Plan.PROFESSIONAL, Plan.FREE, effectiveAt, h.owner))
                .add(new PlanChanged(h.id, Plan.FREE, Plan.PROFESSIONAL, com.hackops.events.types.Limits.of(20, 1_000, 25_000_000_000L, 10),
                        Set.of(Feature.WEBHOOKS), Set.of(), h.owner));
        h.publish(publisher, 0);
        String token = Tokens.user(h.owner);
        String base = "/api/v1/tenants/" + h.tenant;
        awaitVersion(base, token, h.lastSequence());
        JsonNode tenant = api.get(base, token).json();
        assertThat(tenant.get("limits").get("PARTICIPANTS").asLong()).as("the override beats the plan").isEqualTo(10_000);
        assertThat(tenant.get("limits").get("EVENTS").asLong()).isEqualTo(20);
        assertThat(tenant.get("features").toString()).contains("SSO", "WEBHOOKS");
        assertThat(tenant.get("override").get("reason").asText()).isEqualTo("Contract 2026-114");
        assertThat(tenant.get("override").get("limits").get("PARTICIPANTS").asLong()).isEqualTo(10_000);
        assertThat(tenant.get("scheduledPlanChange").get("plan").asText()).isEqualTo("STARTER");
        assertThat(tenant.get("trial").get("returnPlan").asText()).isEqualTo("FREE");

        h.add(new com.hackops.events.tenant.LimitsOverrideRemoved(h.id, Set.of(), "ended", "ops"))
                .add(new com.hackops.events.tenant.ScheduledPlanChangeCancelled(h.id, "s-1", h.owner))
                .add(new com.hackops.events.tenant.TrialEnded(h.id, Plan.PROFESSIONAL, Plan.FREE, false));
        h.publish(publisher, (int) h.lastSequence() - 2);
        Api.Response after = api.get(base + "?minVersion=" + h.lastSequence(), token);
        assertThat(after.json().get("limits").get("PARTICIPANTS").asLong()).isEqualTo(1_000);
        assertThat(after.json().get("features").toString()).doesNotContain("SSO");
        assertThat(after.json().has("override")).isFalse();
        assertThat(after.json().has("trial")).isFalse();
        assertThat(after.json().has("scheduledPlanChange")).isFalse();
        assertThat(api.get(base + "/plans?minVersion=" + h.lastSequence(), token).header("Hackops-Version"))
                .isEqualTo(Long.toString(h.lastSequence()));
    }

    @Test
    void members_read_their_tenant_others_get_404_and_admins_read_everything() {
        History h = History.created("Visible Co");
        h.add(new MemberAdded(h.id, "member", null, Role.MEMBER, h.owner));
        h.publish(publisher, 0);
        String base = "/api/v1/tenants/" + h.tenant;
        awaitVersion(base, Tokens.user(h.owner), h.lastSequence());
        assertThat(api.get(base + "/usage", Tokens.user("member")).status()).isEqualTo(200);

        Api.Response stranger = api.get(base, Tokens.user("stranger"));
        Api.Response nonexistent = api.get("/api/v1/tenants/" + java.util.UUID.randomUUID(), Tokens.user("stranger"));
        assertThat(stranger.isProblem(404, "not-found")).isTrue();
        assertThat(stranger.json().get("detail")).isEqualTo(nonexistent.json().get("detail"));
        assertThat(api.get("/api/v1/tenants/not-a-uuid", Tokens.user(h.owner)).isProblem(404, "not-found")).isTrue();
        assertThat(api.get(base, null).status()).isEqualTo(401);

        assertThat(api.get(base + "/members", Tokens.platformAdmin("operator")).status()).isEqualTo(200);
        JsonNode mine = api.get("/api/v1/tenants", Tokens.user("member")).json().get("tenants");
        assertThat(mine.findValuesAsText("tenantId")).containsExactly(h.tenant.toString());
        JsonNode all = api.get("/api/v1/tenants?name=visible&size=500", Tokens.platformAdmin("operator")).json().get("tenants");
        assertThat(all.findValuesAsText("tenantId")).contains(h.tenant.toString());

        assertThat(api.get("/api/v1/admin/statistics", Tokens.user(h.owner)).isProblem(403, "forbidden")).isTrue();
        JsonNode statistics = api.get("/api/v1/admin/statistics", Tokens.platformAdmin("operator")).json();
        assertThat(statistics.get("tenants").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(statistics.get("tenantsByPlanAndStatus").get("FREE").get("ACTIVE").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void a_read_with_a_version_not_yet_projected_waits_and_then_answers_503_not_stale_data() {
        History h = History.created("Later Co");
        h.publish(publisher, 0);
        String token = Tokens.user(h.owner);
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/tenants/" + h.tenant, token).status() == 200);
        Api.Response ahead = api.get("/api/v1/tenants/" + h.tenant + "/usage", token, "Hackops-Min-Version", "99");
        assertThat(ahead.isProblem(503, "read-model-behind")).as(ahead.body()).isTrue();
        assertThat(ahead.header("Retry-After")).isEqualTo("1");
    }

    @Test
    void bad_query_parameters_are_problem_documents() {
        History h = History.created("Params Co");
        h.publish(publisher, 0);
        String token = Tokens.user(h.owner);
        String base = "/api/v1/tenants/" + h.tenant;
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get(base, token).status() == 200);
        assertThat(api.get(base + "/usage/history?metric=BANANAS", token).isProblem(400, "validation")).isTrue();
        assertThat(api.get(base + "/usage/history", token).status()).isEqualTo(400);
        assertThat(api.get(base + "/usage/history?metric=EVENTS&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", token)
                .isProblem(400, "validation")).isTrue();
        assertThat(api.get("/api/v1/tenants?size=100000", token).isProblem(400, "validation")).isTrue();
        assertThat(api.get("/api/v1/tenants?plan=GOLD", token).isProblem(400, "validation")).isTrue();
        assertThat(api.get(base + "?minVersion=abc", token).isProblem(400, "validation")).isTrue();
    }

    private void awaitVersion(String base, String token, long version) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Long.toString(version).equals(api.get(base, token).header("Hackops-Version")));
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

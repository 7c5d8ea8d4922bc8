package com.hackops.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hackops.e2e.support.Api;
import com.hackops.e2e.support.Platform;
import com.hackops.e2e.support.PublicationCheck;
import com.hackops.e2e.support.Tokens;
import com.hackops.events.membership.MemberAdded;
import com.hackops.events.membership.MemberRemoved;
import com.hackops.events.membership.MemberRoleChanged;
import com.hackops.events.tenant.PlanChanged;
import com.hackops.events.tenant.TenantArchived;
import com.hackops.events.tenant.TenantCreated;
import com.hackops.events.tenant.TenantProfileUpdated;
import com.hackops.events.tenant.TenantReactivated;
import com.hackops.events.tenant.TenantSuspended;
import com.hackops.events.usage.UsageOverLimitCleared;
import com.hackops.events.usage.UsageOverLimitEntered;
import com.hackops.events.usage.UsageThresholdCrossed;
import com.hackops.events.usage.UsageTracked;
import com.hackops.events.wire.TenantEventsTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static com.hackops.e2e.support.ReadYourWrites.awaitRead;
import static com.hackops.e2e.support.ReadYourWrites.metric;
import static com.hackops.e2e.support.ReadYourWrites.read;
import static com.hackops.e2e.support.ReadYourWrites.versionOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform as its clients meet it: commands on the command API of the real command-side jar, answers on the
 * query API of the real query-side jar, with PostgreSQL and Kafka in between. Every read after a command passes the
 * command's {@code version} as {@code minVersion} and must be up to date in that one request; only the first read
 * of a new tenant may be retried. Together the tests record every event type of the contract, and the last one
 * checks that all of them reached the topic.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {

    private static final String TENANTS = "/api/v1/tenants";
    private static final Duration FIRST_READ = Duration.ofSeconds(60);

    private static Platform platform;
    private static Api command;
    private static Api query;

    @BeforeAll
    static void startPlatform() {
        platform = Platform.start();
        command = platform.command();
        query = platform.query();
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void the_readme_walk_from_the_free_limit_through_a_forced_downgrade_back_within_the_limit() {
        String token = Tokens.user("alice");
        Api.Response created = command.post(TENANTS, token, "{\"name\":\"Acme Hackathons\",\"slug\":\"acme\"}");
        long version = versionOf(created, 201);
        String tenant = created.json().path("tenantId").asText();

        JsonNode view = awaitRead(query, token, tenant, "", version, FIRST_READ);
        assertThat(view.path("plan").asText()).isEqualTo("FREE");
        assertThat(view.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(view.path("limits").path("EVENTS").asLong()).isEqualTo(1);
        assertThat(view.path("features")).isEmpty();

        Api.Response first = track(tenant, token, "EVENTS", 1);
        version = versionOf(first, 200);
        assertThat(first.json().path("used").asLong()).isEqualTo(1);
        assertMetric(read(query, token, tenant, "/usage", version), "EVENTS", 1, 1, "AT_LIMIT");
        assertThat(alerts(tenant, token)).contains("EVENTS THRESHOLD_80 1/1", "EVENTS THRESHOLD_100 1/1");

        Api.Response second = track(tenant, token, "EVENTS", 1);
        assertThat(second.isProblem(409, "limit-exceeded")).as("%s", second).isTrue();
        assertThat(second.json().path("used").asLong()).isEqualTo(1);
        assertThat(second.json().path("limit").asLong()).isEqualTo(1);

        long upgraded = versionOf(changePlan(tenant, token, "STARTER", false), 200);
        assertThat(upgraded).as("the upgrade is the only event after the first increment: the refused one recorded nothing")
                .isEqualTo(version + 1);
        view = read(query, token, tenant, "", upgraded);
        assertThat(view.path("plan").asText()).isEqualTo("STARTER");
        assertThat(texts(view.path("features"))).containsExactlyInAnyOrder("CUSTOM_BRANDING", "API_ACCESS");
        assertThat(view.path("limits").path("EVENTS").asLong()).isEqualTo(5);
        assertThat(view.path("limits").path("ADMINS").asLong()).isEqualTo(3);
        assertMetric(read(query, token, tenant, "/usage", upgraded), "EVENTS", 1, 5, "OK");

        for (int used = 2; used <= 5; used++) {
            Api.Response tracked = track(tenant, token, "EVENTS", 1);
            version = versionOf(tracked, 200);
            assertThat(tracked.json().path("used").asLong()).isEqualTo(used);
            assertMetric(read(query, token, tenant, "/usage", version), "EVENTS", used, 5,
                    used == 5 ? "AT_LIMIT" : used == 4 ? "WARNING" : "OK");
        }
        Api.Response sixth = track(tenant, token, "EVENTS", 1);
        assertThat(sixth.isProblem(409, "limit-exceeded")).as("%s", sixth).isTrue();
        assertThat(sixth.json().path("used").asLong()).isEqualTo(5);

        Api.Response blocked = changePlan(tenant, token, "FREE", false);
        assertThat(blocked.isProblem(409, "plan-downgrade-blocked")).as("%s", blocked).isTrue();
        assertThat(blocked.json().path("exceeded")).hasSize(1);
        JsonNode exceeded = blocked.json().path("exceeded").get(0);
        assertThat(exceeded.path("metric").asText()).isEqualTo("EVENTS");
        assertThat(exceeded.path("used").asLong()).isEqualTo(5);
        assertThat(exceeded.path("limit").asLong()).isEqualTo(1);
        assertThat(read(query, token, tenant, "", version).path("plan").asText()).isEqualTo("STARTER");

        long forced = versionOf(changePlan(tenant, token, "FREE", true), 200);
        JsonNode usage = read(query, token, tenant, "/usage", forced);
        assertThat(usage.path("plan").asText()).isEqualTo("FREE");
        assertMetric(usage, "EVENTS", 5, 1, "OVER_LIMIT");
        assertThat(alerts(tenant, token)).contains("EVENTS OVER_LIMIT_ENTERED 5/1");
        JsonNode plans = query.get(TENANTS + "/" + tenant + "/plans", token).json().path("plans");
        assertThat(StreamSupport.stream(plans.spliterator(), false).map(p -> p.path("plan").asText()))
                .containsExactly("FREE", "STARTER", "FREE");
        assertThat(texts(plans.get(2).path("overLimit"))).containsExactly("EVENTS");

        Api.Response overLimit = track(tenant, token, "EVENTS", 1);
        assertThat(overLimit.isProblem(409, "limit-exceeded")).as("%s", overLimit).isTrue();

        Api.Response decremented = track(tenant, token, "EVENTS", -4);
        version = versionOf(decremented, 200);
        assertThat(decremented.json().path("used").asLong()).isEqualTo(1);
        assertMetric(read(query, token, tenant, "/usage", version), "EVENTS", 1, 1, "AT_LIMIT");
        assertThat(alerts(tenant, token).get(0)).isEqualTo("EVENTS OVER_LIMIT_CLEARED 1/1");
    }

    @Test
    @Order(2)
    void profile_changes_suspension_reactivation_and_archival_reach_the_dashboards() {
        String token = Tokens.user("olga");
        Api.Response created = command.post(TENANTS, token,
                "{\"name\":\"Olga Jams\",\"slug\":\"olga-jams\",\"plan\":\"STARTER\"}");
        long version = versionOf(created, 201);
        String tenant = created.json().path("tenantId").asText();
        assertThat(awaitRead(query, token, tenant, "", version, FIRST_READ).path("plan").asText()).isEqualTo("STARTER");

        version = versionOf(command.send("PATCH", TENANTS + "/" + tenant, token,
                "{\"name\":\"Olga's Game Jams\",\"slug\":\"olga-game-jams\"}"), 200);
        JsonNode view = read(query, token, tenant, "", version);
        assertThat(view.path("name").asText()).isEqualTo("Olga's Game Jams");
        assertThat(view.path("slug").asText()).isEqualTo("olga-game-jams");

        version = versionOf(command.post(TENANTS + "/" + tenant + "/suspend", token, null), 200);
        assertThat(read(query, token, tenant, "", version).path("status").asText()).isEqualTo("SUSPENDED");
        Api.Response whileSuspended = track(tenant, token, "PARTICIPANTS", 1);
        assertThat(whileSuspended.isProblem(409, "tenant-suspended")).as("%s", whileSuspended).isTrue();

        version = versionOf(command.post(TENANTS + "/" + tenant + "/reactivate", token, null), 200);
        assertThat(read(query, token, tenant, "", version).path("status").asText()).isEqualTo("ACTIVE");
        version = versionOf(track(tenant, token, "PARTICIPANTS", 1), 200);
        assertMetric(read(query, token, tenant, "/usage", version), "PARTICIPANTS", 1, 200, "OK");

        long archived = versionOf(command.send("DELETE", TENANTS + "/" + tenant, token, null), 200);
        assertThat(read(query, token, tenant, "", archived).path("status").asText()).isEqualTo("ARCHIVED");
        assertThat(versionOf(command.send("DELETE", TENANTS + "/" + tenant, token, null), 200))
                .as("archiving again is a no-op").isEqualTo(archived);
        Api.Response whileArchived = track(tenant, token, "PARTICIPANTS", 1);
        assertThat(whileArchived.isProblem(409, "tenant-archived")).as("%s", whileArchived).isTrue();
        JsonNode archivedTenants = query.get(TENANTS + "?status=ARCHIVED", token).json().path("tenants");
        assertThat(StreamSupport.stream(archivedTenants.spliterator(), false).map(t -> t.path("tenantId").asText()))
                .containsExactly(tenant);
    }

    @Test
    @Order(3)
    void membership_changes_reach_the_member_list_and_decide_who_may_read() {
        String owner = Tokens.user("mara");
        String bob = Tokens.user("bob");
        Api.Response created = command.post(TENANTS, owner,
                "{\"name\":\"Mara Makers\",\"slug\":\"mara-makers\",\"plan\":\"STARTER\"}");
        long version = versionOf(created, 201);
        String tenant = created.json().path("tenantId").asText();
        awaitRead(query, owner, tenant, "", version, FIRST_READ);
        Api.Response stranger = query.get(TENANTS + "/" + tenant, bob);
        assertThat(stranger.isProblem(404, "not-found")).as("%s", stranger).isTrue();
        assertThat(read(query, Tokens.platformAdmin("root"), tenant, "", version).path("name").asText())
                .as("a platform admin reads every tenant").isEqualTo("Mara Makers");

        version = versionOf(command.post(TENANTS + "/" + tenant + "/members", owner,
                "{\"userId\":\"bob\",\"email\":\"bob@example.com\",\"role\":\"MEMBER\"}"), 201);
        assertThat(members(read(query, owner, tenant, "/members", version)))
                .containsExactly("mara OWNER mara@example.com", "bob MEMBER bob@example.com");
        assertThat(read(query, bob, tenant, "", version).path("name").asText()).isEqualTo("Mara Makers");

        version = versionOf(command.send("PUT", TENANTS + "/" + tenant + "/members/bob", owner,
                "{\"role\":\"ADMIN\"}"), 200);
        assertThat(members(read(query, owner, tenant, "/members", version)))
                .containsExactly("mara OWNER mara@example.com", "bob ADMIN bob@example.com");
        assertMetric(read(query, owner, tenant, "/usage", version), "ADMINS", 2, 3, "OK");

        version = versionOf(command.send("DELETE", TENANTS + "/" + tenant + "/members/bob", owner, null), 200);
        assertThat(members(read(query, owner, tenant, "/members", version))).containsExactly("mara OWNER mara@example.com");
        assertMetric(read(query, owner, tenant, "/usage", version), "ADMINS", 1, 3, "OK");
        Api.Response removed = query.get(TENANTS + "/" + tenant, bob);
        assertThat(removed.isProblem(404, "not-found")).as("%s", removed).isTrue();
    }

    @Test
    @Order(4)
    void a_usage_call_repeated_with_its_idempotency_key_is_recorded_once() {
        String token = Tokens.user("ida");
        Api.Response created = command.post(TENANTS, token,
                "{\"name\":\"Ida Invitational\",\"slug\":\"ida-invitational\",\"plan\":\"PROFESSIONAL\"}");
        long version = versionOf(created, 201);
        String tenant = created.json().path("tenantId").asText();
        awaitRead(query, token, tenant, "", version, FIRST_READ);

        Api.Response first = track(tenant, token, "PARTICIPANTS", 10, "Idempotency-Key", "import-2024-05-01");
        Api.Response repeated = track(tenant, token, "PARTICIPANTS", 10, "Idempotency-Key", "import-2024-05-01");
        assertThat(first.header("Idempotent-Replayed")).isEqualTo("false");
        assertThat(repeated.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(repeated.json()).isEqualTo(first.json());
        Api.Response otherBody = track(tenant, token, "PARTICIPANTS", 11, "Idempotency-Key", "import-2024-05-01");
        assertThat(otherBody.isProblem(422, "idempotency-mismatch")).as("%s", otherBody).isTrue();

        version = versionOf(repeated, 200);
        assertMetric(read(query, token, tenant, "/usage", version), "PARTICIPANTS", 10, 1_000, "OK");
        JsonNode buckets = query.get(TENANTS + "/" + tenant + "/usage/history?metric=PARTICIPANTS", token).json()
                .path("buckets");
        assertThat(sum(buckets, "changes")).as("changes in %s", buckets).isEqualTo(1);
        assertThat(sum(buckets, "increments")).as("increments in %s", buckets).isEqualTo(10);
    }

    /** The machine-client path across both real services: a key issued on one side reads on the other, revoked at once. */
    @Test
    @Order(5)
    void an_api_key_issued_on_the_command_side_reports_and_reads_until_it_is_revoked() {
        String owner = Tokens.user("kira");
        Api.Response created = command.post(TENANTS, owner,
                "{\"name\":\"Kira Keys\",\"slug\":\"kira-keys\",\"plan\":\"STARTER\"}");
        long version = versionOf(created, 201);
        String tenant = created.json().path("tenantId").asText();
        Api.Response issued = command.post(TENANTS + "/" + tenant + "/api-keys", owner,
                "{\"name\":\"scoreboard\",\"scopes\":[\"usage:write\",\"read\"]}");
        versionOf(issued, 201);
        String key = issued.json().path("secret").asText();

        version = versionOf(track(tenant, key, "PARTICIPANTS", 7), 200);
        assertMetric(awaitRead(query, key, tenant, "/usage", version, FIRST_READ), "PARTICIPANTS", 7, 200, "OK");
        JsonNode listed = query.get(TENANTS + "/" + tenant + "/api-keys", owner).json().path("keys");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("name").asText()).isEqualTo("scoreboard");
        assertThat(listed.toString()).doesNotContain(key.substring(11));

        versionOf(command.send("DELETE", TENANTS + "/" + tenant + "/api-keys/" + issued.json().path("keyId").asText(),
                owner, null), 200);
        Api.Response refusedRead = query.get(TENANTS + "/" + tenant + "/usage", key);
        Api.Response refusedWrite = track(tenant, key, "PARTICIPANTS", 1);
        assertThat(refusedRead.isProblem(401, "unauthorized")).as("%s", refusedRead).isTrue();
        assertThat(refusedWrite.isProblem(401, "unauthorized")).as("%s", refusedWrite).isTrue();
    }

    /** A platform admin's write (command side) and read (query side) both reach the tenant OWNER's access log. */
    @Test
    @Order(6)
    void a_platform_admins_write_and_read_are_listed_for_the_owner() {
        String owner = Tokens.user("olga");
        String admin = Tokens.platformAdmin("support-sam");
        Api.Response created = command.post(TENANTS, owner,
                "{\"name\":\"Olga Open\",\"slug\":\"olga-open\",\"plan\":\"STARTER\"}");
        long version = versionOf(created, 201);
        String tenant = created.json().path("tenantId").asText();
        awaitRead(query, owner, tenant, "", version, FIRST_READ);

        versionOf(command.send("PUT", TENANTS + "/" + tenant + "/overrides", admin,
                "{\"limits\":{\"EVENTS\":12},\"reason\":\"negotiated\"}"), 200);
        assertThat(query.get(TENANTS + "/" + tenant + "/usage", admin).status()).isEqualTo(200);

        // the status is written when each request ends: wait for it rather than race it
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode records = query.get(TENANTS + "/" + tenant + "/platform-admin-access", owner).json();
            List<String> seen = new java.util.ArrayList<>();
            records.forEach(r -> seen.add(r.path("service").asText() + " " + r.path("method").asText() + " "
                    + r.path("path").asText() + " " + r.path("admin").asText() + " " + r.path("status").asText()));
            assertThat(seen).contains(
                    "command PUT /api/v1/tenants/" + tenant + "/overrides support-sam 200",
                    "query GET /api/v1/tenants/" + tenant + "/usage support-sam 200");
        });
        Api.Response stranger = query.get(TENANTS + "/" + tenant + "/platform-admin-access", Tokens.user("olga-rival"));
        assertThat(stranger.isProblem(404, "not-found")).as("%s", stranger).isTrue();
    }

    /**
     * The service as deployed (its jar, not a test class path) snapshots a busy tenant from the tenant its cache holds
     * (every 25 events), and the tenant decides on its whole history after it.
     */
    @Test
    @Order(7)
    void a_busy_tenant_is_snapshotted_from_the_cache_of_the_deployed_service() {
        String token = Tokens.user("sam");
        String tenant = command.post(TENANTS, token,
                "{\"name\":\"Sam Sprint\",\"slug\":\"sam-sprint\",\"plan\":\"STARTER\"}").json().path("tenantId").asText();
        double before = snapshotsFromCache();
        for (int i = 0; i < 60; i++) {
            Api.Response tracked = track(tenant, token, "PARTICIPANTS", 1);
            assertThat(tracked.status()).as("%s", tracked).isEqualTo(200);
        }
        assertThat(snapshotsFromCache() - before).as("snapshots stored from the cache").isGreaterThanOrEqualTo(2);

        Api.Response over = track(tenant, token, "PARTICIPANTS", 141); // STARTER: 200 participants
        assertThat(over.isProblem(409, "limit-exceeded")).as("%s", over).isTrue();
        Api.Response full = track(tenant, token, "PARTICIPANTS", 140);
        assertThat(full.json().path("used").asLong()).as("%s", full).isEqualTo(200);
        assertMetric(awaitRead(query, token, tenant, "/usage", versionOf(full, 200), FIRST_READ),
                "PARTICIPANTS", 200, 200, "AT_LIMIT");
    }

    private static double snapshotsFromCache() {
        return command.metric("hackops_snapshots_total", "from=\"cache\"", "outcome=\"stored\"");
    }

    /** Runs last: checks the topic against the event store after all the scenarios above. */
    @Test
    @Order(100)
    void every_stored_event_of_every_type_reached_the_topic_in_order() throws Exception {
        List<PublicationCheck.PublishedRecord> published = PublicationCheck.verify(platform);

        assertThat(published.stream().map(record -> TenantEventsTopic.payloadClassName(record.type())))
                .as("event types on the topic")
                .containsAll(Stream.of(TenantCreated.class, TenantProfileUpdated.class, TenantSuspended.class,
                        TenantReactivated.class, TenantArchived.class, PlanChanged.class, MemberAdded.class,
                        MemberRoleChanged.class, MemberRemoved.class, UsageTracked.class, UsageThresholdCrossed.class,
                        UsageOverLimitEntered.class, UsageOverLimitCleared.class).map(Class::getName).toList());
    }

    private static Api.Response track(String tenant, String token, String metric, long delta, String... headers) {
        return command.post(TENANTS + "/" + tenant + "/usage", token,
                "{\"metric\":\"%s\",\"delta\":%d}".formatted(metric, delta), headers);
    }

    private static Api.Response changePlan(String tenant, String token, String plan, boolean allowOverLimit) {
        return command.post(TENANTS + "/" + tenant + "/plan", token,
                "{\"plan\":\"%s\",\"allowOverLimit\":%s}".formatted(plan, allowOverLimit));
    }

    private static void assertMetric(JsonNode usage, String name, long used, long limit, String status) {
        JsonNode metric = metric(usage, name);
        assertThat(metric.path("used").asLong()).as("used of %s in %s", name, usage).isEqualTo(used);
        assertThat(metric.path("limit").asLong()).as("limit of %s in %s", name, usage).isEqualTo(limit);
        assertThat(metric.path("status").asText()).as("status of %s in %s", name, usage).isEqualTo(status);
    }

    /** The tenant's alerts, newest first, as "METRIC KIND used/limit". Call after a read at the wanted version. */
    private static List<String> alerts(String tenant, String token) {
        Api.Response answer = query.get(TENANTS + "/" + tenant + "/usage/alerts", token);
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        return StreamSupport.stream(answer.json().path("alerts").spliterator(), false)
                .map(a -> "%s %s %d/%d".formatted(a.path("metric").asText(), a.path("kind").asText(),
                        a.path("used").asLong(), a.path("limit").asLong()))
                .toList();
    }

    private static List<String> members(JsonNode answer) {
        return StreamSupport.stream(answer.path("members").spliterator(), false)
                .map(m -> "%s %s %s".formatted(m.path("userId").asText(), m.path("role").asText(),
                        m.path("email").asText()))
                .toList();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static long sum(JsonNode buckets, String field) {
        return StreamSupport.stream(buckets.spliterator(), false).mapToLong(b -> b.path(field).asLong()).sum();
    }
}

package com.hackops.query.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hackops.events.membership.MemberAdded;
import com.hackops.events.tenant.PlanChanged;
import com.hackops.events.types.Feature;
import com.hackops.events.types.Metric;
import com.hackops.events.types.Plan;
import com.hackops.events.types.Role;
import com.hackops.events.usage.UsageOverLimitEntered;
import com.hackops.events.usage.UsageThresholdCrossed;
import com.hackops.platform.security.Tokens;
import com.hackops.query.QuerySideApplication;
import com.hackops.query.support.Api;
import com.hackops.query.isolation.TenantContext;
import com.hackops.query.support.EventPublisher;
import com.hackops.query.support.EventStore;
import com.hackops.query.support.History;
import com.hackops.query.support.TestInfrastructure;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Threshold webhooks end to end, on a query-side instance of its own (its own read database, projection and webhook
 * consumer groups; the shared test event store and topic), with a loopback receiver in the test that checks every
 * signature as the README tells receivers to.
 */
class WebhooksIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static Receiver receiver;
    private static EventStore store;
    private static ConfigurableApplicationContext app;
    private static Api api;

    @BeforeAll
    static void start() throws IOException {
        receiver = new Receiver();
        store = new EventStore();
        String run = UUID.randomUUID().toString();
        app = new SpringApplicationBuilder(QuerySideApplication.class).run(
                "--server.port=0", "--spring.datasource.url=" + TestInfrastructure.extraDatabaseUrl("webhooks"),
                "--spring.kafka.bootstrap-servers=" + TestInfrastructure.BOOTSTRAP,
                "--hackops.kafka.topic=" + TestInfrastructure.topic(),
                "--hackops.kafka.group-id=projections-" + run, "--hackops.webhooks.group-id=webhooks-" + run,
                "--hackops.audit.event-store.url=" + TestInfrastructure.eventStoreUrl(),
                "--hackops.webhooks.allow-loopback=true", "--hackops.webhooks.poll-interval=PT0.2S",
                "--hackops.webhooks.initial-backoff=PT0.5S", "--hackops.webhooks.max-attempts=3");
        api = new Api(((WebServerApplicationContext) app).getWebServer().getPort());
    }

    @AfterAll
    static void stop() {
        app.close();
        store.close();
        receiver.stop();
    }

    @Test
    void the_receiver_gets_exactly_the_signed_deliveries_its_endpoint_subscribed_to() throws Exception {
        History h = tenant();
        String owner = Tokens.user(h.owner);
        String path = "/exact/" + h.tenant;
        JsonNode endpoint = register(h, owner, receiver.url(path), "THRESHOLD_80", "THRESHOLD_100", "PLAN_CHANGED");
        JsonNode other = register(h, owner, receiver.url("/unrelated/" + h.tenant), "OVER_LIMIT");
        int from = h.events().size();
        h.add(h.usage(Metric.PARTICIPANTS, 40, 40, Instant.now()))
                .add(new UsageThresholdCrossed(h.id, Metric.PARTICIPANTS, 80, 40, 50))
                .add(h.usage(Metric.PARTICIPANTS, 10, 50, Instant.now()))
                .add(new UsageThresholdCrossed(h.id, Metric.PARTICIPANTS, 100, 50, 50))
                .add(new PlanChanged(h.id, Plan.FREE, Plan.STARTER, History.STARTER,
                        Set.of(Feature.API_ACCESS, Feature.CUSTOM_BRANDING), Set.of(), h.owner));
        store.record(h, from, Instant.now());

        await().atMost(PATIENCE).until(() -> log(h, owner).size() == 3
                && log(h, owner).stream().allMatch(d -> d.get("status").asText().equals("DELIVERED")));
        List<Received> got = receiver.at(path);
        assertThat(got).extracting(Received::event).containsExactly("THRESHOLD_80", "THRESHOLD_100", "PLAN_CHANGED");
        String secret = endpoint.get("secret").asText();
        for (Received delivery : got) {
            assertThat(delivery.signature()).as("signature of " + delivery.id())
                    .isEqualTo(hmac(secret, delivery.timestamp() + "." + delivery.body()));
            assertThat(Long.parseLong(delivery.timestamp())).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(120L));
            JsonNode body = JSON.readTree(delivery.body());
            assertThat(body.get("id").asText()).isEqualTo(delivery.id());
            assertThat(body.get("type").asText()).isEqualTo(delivery.event());
            assertThat(body.get("tenantId").asText()).isEqualTo(h.tenant.toString());
        }
        assertThat(JSON.readTree(got.get(0).body()).get("data").toString())
                .isEqualTo("{\"metric\":\"PARTICIPANTS\",\"percent\":80,\"used\":40,\"limit\":50}");
        assertThat(JSON.readTree(got.get(0).body()).get("sequence").asLong()).isEqualTo(from + 1);
        JsonNode plan = JSON.readTree(got.get(2).body()).get("data");
        assertThat(plan.get("previousPlan").asText()).isEqualTo("FREE");
        assertThat(plan.get("plan").asText()).isEqualTo("STARTER");
        assertThat(plan.get("limits").get("EVENTS").asLong()).isEqualTo(5);

        List<JsonNode> log = log(h, owner);
        assertThat(log).allSatisfy(d -> {
            assertThat(d.get("endpointId").asText()).isEqualTo(endpoint.get("id").asText());
            assertThat(d.get("attempts").asInt()).isEqualTo(1);
            assertThat(d.get("lastStatusCode").asInt()).isEqualTo(200);
        });
        assertThat(log).extracting(d -> d.get("deliveryId").asText())
                .containsExactlyInAnyOrderElementsOf(got.stream().map(Received::id).toList());
        assertThat(receiver.at("/unrelated/" + h.tenant)).as("endpoint " + other.get("id") + " wants OVER_LIMIT only").isEmpty();
        assertThat(got).hasSize(3);
    }

    @Test
    void usage_alone_makes_no_webhook_work_and_a_redelivered_notification_is_sent_once() throws Exception {
        History quiet = tenant();
        int quietFrom = quiet.events().size();
        quiet.add(quiet.usage(Metric.PARTICIPANTS, 5, 5, Instant.now())).add(quiet.usage(Metric.PARTICIPANTS, 5, 10, Instant.now()));
        store.record(quiet, quietFrom, Instant.now());

        History h = tenant();
        String owner = Tokens.user(h.owner);
        String path = "/once/" + h.tenant;
        register(h, owner, receiver.url(path), "THRESHOLD_80", "THRESHOLD_100");
        int from = h.events().size();
        h.add(h.usage(Metric.PARTICIPANTS, 40, 40, Instant.now()))
                .add(new UsageThresholdCrossed(h.id, Metric.PARTICIPANTS, 80, 40, 50))
                .add(h.usage(Metric.PARTICIPANTS, 1, 41, Instant.now()));
        store.record(h, from, Instant.now());
        await().atMost(PATIENCE).until(() -> receiver.at(path).size() == 1);

        // a consumer that crashed before committing its offsets reads the same records again
        try (EventPublisher again = new EventPublisher()) {
            h.publish(again, from);
        }
        int next = h.events().size();
        h.add(h.usage(Metric.PARTICIPANTS, 9, 50, Instant.now()))
                .add(new UsageThresholdCrossed(h.id, Metric.PARTICIPANTS, 100, 50, 50));
        store.record(h, next, Instant.now());

        // the redelivered records come before the new ones in the tenant's partition
        await().atMost(PATIENCE).until(() -> receiver.at(path).size() >= 2 && log(h, owner).size() >= 2);
        await().atMost(PATIENCE).until(WebhooksIT::webhooksCaughtUp);
        assertThat(receiver.at(path)).extracting(Received::event).containsExactly("THRESHOLD_80", "THRESHOLD_100");
        assertThat(log(h, owner)).hasSize(2);
        assertThat(webhookStream(h.tenant)).as("the last notification source handled").contains(h.lastSequence());
        assertThat(webhookStream(quiet.tenant)).as("a tenant with usage only: not a statement for its events").isEmpty();
    }

    /** The webhook consumer has committed offsets up to the end of every partition of the topic. */
    private static boolean webhooksCaughtUp() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.BOOTSTRAP))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                    app.getEnvironment().getProperty("hackops.webhooks.group-id")).partitionsToOffsetAndMetadata().get();
            var partitions = admin.describeTopics(List.of(TestInfrastructure.topic())).allTopicNames().get()
                    .get(TestInfrastructure.topic()).partitions();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(TestInfrastructure.topic(), p.partition()), OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            return ends.entrySet().stream().allMatch(end -> end.getValue().offset() == 0
                    || (committed.get(end.getKey()) != null && committed.get(end.getKey()).offset() >= end.getValue().offset()));
        }
    }

    /** The tenant's webhook_stream position, read as the service reads it (tenant bound), if it has a row. */
    private static java.util.Optional<Long> webhookStream(UUID tenant) {
        return new TransactionTemplate(app.getBean(PlatformTransactionManager.class)).execute(status -> {
            app.getBean(TenantContext.class).bindTenant(tenant);
            return app.getBean(JdbcTemplate.class).queryForList(
                    "SELECT last_sequence FROM public.webhook_stream WHERE tenant_id = ?", Long.class, tenant)
                    .stream().findFirst();
        });
    }

    @Test
    void a_failed_delivery_is_retried_with_the_same_id_and_body_until_the_receiver_takes_it() throws Exception {
        History h = tenant();
        String owner = Tokens.user(h.owner);
        String path = "/flaky/" + h.tenant;
        receiver.answer(path, 500);
        JsonNode endpoint = register(h, owner, receiver.url(path), "OVER_LIMIT");
        int from = h.events().size();
        h.add(new UsageOverLimitEntered(h.id, Metric.PARTICIPANTS, 60, 50));
        store.record(h, from, Instant.now());

        await().atMost(PATIENCE).until(() -> !log(h, owner).isEmpty()
                && log(h, owner).get(0).get("status").asText().equals("DELIVERED"));
        List<Received> got = receiver.at(path);
        assertThat(got).hasSize(2);
        assertThat(got.get(1).id()).isEqualTo(got.get(0).id());
        assertThat(got.get(1).body()).isEqualTo(got.get(0).body());
        for (Received attempt : got) {
            assertThat(attempt.signature()).isEqualTo(hmac(endpoint.get("secret").asText(), attempt.timestamp() + "." + attempt.body()));
        }
        JsonNode delivery = log(h, owner).get(0);
        assertThat(delivery.get("attempts").asInt()).isEqualTo(2);
        assertThat(delivery.get("lastStatusCode").asInt()).isEqualTo(200);
        assertThat(delivery.has("lastError")).isFalse();
    }

    @Test
    void a_receiver_that_keeps_failing_gets_max_attempts_and_the_delivery_is_marked_failed() {
        History h = tenant();
        String owner = Tokens.user(h.owner);
        String path = "/down/" + h.tenant;
        receiver.answer(path, 503, 503, 503);
        register(h, owner, receiver.url(path), "OVER_LIMIT");
        int from = h.events().size();
        h.add(new UsageOverLimitEntered(h.id, Metric.EVENTS, 2, 1));
        store.record(h, from, Instant.now());

        await().atMost(PATIENCE).until(() -> !log(h, owner).isEmpty()
                && log(h, owner).get(0).get("status").asText().equals("FAILED"));
        JsonNode delivery = log(h, owner).get(0);
        assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
        assertThat(delivery.get("lastError").asText()).isEqualTo("HTTP 503");
        assertThat(delivery.has("nextAttemptAt")).isFalse();
        assertThat(receiver.at(path)).hasSize(3);
    }

    @Test
    void a_rebuild_of_the_read_models_sends_nothing() {
        History h = tenant();
        String owner = Tokens.user(h.owner);
        String path = "/rebuild/" + h.tenant;
        register(h, owner, receiver.url(path), "THRESHOLD_80");
        int from = h.events().size();
        h.add(h.usage(Metric.PARTICIPANTS, 45, 45, Instant.now()))
                .add(new UsageThresholdCrossed(h.id, Metric.PARTICIPANTS, 80, 45, 50));
        store.record(h, from, Instant.now());
        await().atMost(PATIENCE).until(() -> receiver.at(path).size() == 1);

        String admin = Tokens.platformAdmin("operator");
        String job = "/api/v1/admin/rebuilds/" + api.post("/api/v1/admin/rebuilds", admin, null).json().get("id").asText();
        await().atMost(Duration.ofSeconds(90)).until(() -> api.get(job, admin).json().get("phase").asText().matches("DONE|FAILED"));
        assertThat(api.get(job, admin).json().get("phase").asText()).isEqualTo("DONE");
        assertThat(log(h, owner)).as("the rebuild replayed the threshold event but queued nothing").hasSize(1);

        // the live consumer still works after the switch, and what it sends is only the new event
        from = h.events().size();
        h.add(h.usage(Metric.EVENTS, 1, 1, Instant.now())).add(new UsageThresholdCrossed(h.id, Metric.EVENTS, 80, 1, 1));
        store.record(h, from, Instant.now());
        await().atMost(PATIENCE).until(() -> receiver.at(path).size() == 2);
        assertThat(receiver.at(path)).extracting(r -> r.body().contains("\"metric\":\"EVENTS\""))
                .containsExactly(false, true);
        assertThat(log(h, owner)).hasSize(2);
    }

    @Test
    void only_owners_and_admins_manage_webhooks_and_only_safe_urls_are_accepted() {
        History h = tenant();
        String owner = Tokens.user(h.owner);
        String webhooks = "/api/v1/tenants/" + h.tenant + "/webhooks";
        String valid = "{\"url\":\"" + receiver.url("/managed") + "\",\"events\":[\"PLAN_CHANGED\"]}";
        assertThat(api.post(webhooks, Tokens.user("judge"), valid).isProblem(403, "forbidden")).isTrue();
        assertThat(api.get(webhooks, Tokens.user("judge")).isProblem(403, "forbidden")).isTrue();
        assertThat(api.post(webhooks, Tokens.user("stranger"), valid).isProblem(404, "not-found")).isTrue();
        assertThat(api.get(webhooks + "/deliveries", Tokens.user("stranger")).isProblem(404, "not-found")).isTrue();

        for (String refused : List.of(
                "{\"url\":\"http://user:pw@127.0.0.1/x\",\"events\":[\"PLAN_CHANGED\"]}",
                "{\"url\":\"ftp://127.0.0.1/x\",\"events\":[\"PLAN_CHANGED\"]}",
                "{\"url\":\"http://10.0.0.7/x\",\"events\":[\"PLAN_CHANGED\"]}",
                "{\"url\":\"http://169.254.169.254/latest/meta-data\",\"events\":[\"PLAN_CHANGED\"]}",
                "{\"url\":\"" + receiver.url("/x") + "\",\"events\":[\"USAGE_TRACKED\"]}",
                "{\"url\":\"" + receiver.url("/x") + "\",\"events\":[]}",
                "{\"url\":\"" + receiver.url("/x") + "\",\"events\":[\"PLAN_CHANGED\"],\"secret\":\"mine\"}")) {
            assertThat(api.post(webhooks, owner, refused).isProblem(400, "validation")).as(refused).isTrue();
        }
        Api.Response nul = api.post(webhooks, owner,
                "{\"url\":\"" + receiver.url("/x") + "\",\"events\":[\"PLAN_CHANGED\"],\"description\":\"a\\u0000b\"}");
        assertThat(nul.isProblem(400, "validation")).as(nul.body()).isTrue();
        assertThat(nul.json().path("detail").asText()).contains("'description'", "NUL");

        Api.Response created = api.post(webhooks, Tokens.platformAdmin("ops"), valid);
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asText();
        JsonNode listed = api.get(webhooks, owner).json().get("endpoints");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asText()).isEqualTo(id);
        assertThat(listed.get(0).has("secret")).as("the secret is shown once, at registration").isFalse();
        assertThat(api.send("DELETE", webhooks + "/" + id, owner, null).status()).isEqualTo(200);
        assertThat(api.get(webhooks, owner).json().get("endpoints")).isEmpty();
        assertThat(api.send("DELETE", webhooks + "/" + id, owner, null).isProblem(404, "not-found")).isTrue();
    }

    /** A FREE tenant with its OWNER and a MEMBER, visible in the read models. */
    private static History tenant() {
        History h = History.created("Webhooks");
        h.add(new MemberAdded(h.id, "judge", null, Role.MEMBER, h.owner));
        store.record(h, 0, Instant.now());
        await().atMost(PATIENCE).until(() -> Long.toString(h.lastSequence()).equals(
                api.get("/api/v1/tenants/" + h.tenant, Tokens.user(h.owner)).header("Hackops-Version")));
        return h;
    }

    private static JsonNode register(History h, String token, String url, String... events) {
        String body = "{\"url\":\"%s\",\"events\":[%s],\"description\":\"test receiver\"}".formatted(url,
                String.join(",", java.util.Arrays.stream(events).map(e -> "\"" + e + "\"").toList()));
        Api.Response response = api.post("/api/v1/tenants/" + h.tenant + "/webhooks", token, body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().get("secret").asText()).startsWith("whsec_");
        return response.json();
    }

    private static List<JsonNode> log(History h, String token) {
        JsonNode deliveries = api.get("/api/v1/tenants/" + h.tenant + "/webhooks/deliveries", token).json().get("deliveries");
        List<JsonNode> rows = new java.util.ArrayList<>();
        deliveries.forEach(rows::add);
        return rows;
    }

    /** What a receiver computes to verify a delivery (README, "Threshold webhooks"). */
    private static String hmac(String secret, String signed) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "v1=" + HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    private record Received(String path, String id, String event, String timestamp, String signature, String body) {
    }

    /** A webhook receiver on 127.0.0.1: records every request; answers 200 unless told otherwise for a path. */
    private static final class Receiver {

        private final HttpServer server;
        private final List<Received> received = new CopyOnWriteArrayList<>();
        private final Map<String, Deque<Integer>> answers = new ConcurrentHashMap<>();

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", this::handle);
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        /** The next requests to {@code path} get these statuses, in order; later ones 200. */
        void answer(String path, Integer... statuses) {
            answers.put(path, new ArrayDeque<>(List.of(statuses)));
        }

        List<Received> at(String path) {
            return received.stream().filter(r -> r.path().equals(path)).toList();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (InputStream in = exchange.getRequestBody()) {
                String path = exchange.getRequestURI().getPath();
                var headers = exchange.getRequestHeaders();
                received.add(new Received(path, headers.getFirst("Hackops-Webhook-Id"), headers.getFirst("Hackops-Webhook-Event"),
                        headers.getFirst("Hackops-Webhook-Timestamp"), headers.getFirst("Hackops-Webhook-Signature"),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                Deque<Integer> planned = answers.get(path);
                Integer status = planned == null ? null : planned.poll();
                exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            } finally {
                exchange.close();
            }
        }

        void stop() {
            server.stop(0);
        }
    }
}

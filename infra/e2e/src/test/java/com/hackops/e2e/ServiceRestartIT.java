package com.hackops.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hackops.e2e.support.Api;
import com.hackops.e2e.support.Platform;
import com.hackops.e2e.support.Platform.Service;
import com.hackops.e2e.support.PublicationCheck;
import com.hackops.e2e.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import static com.hackops.e2e.support.ReadYourWrites.awaitRead;
import static com.hackops.e2e.support.ReadYourWrites.metric;
import static com.hackops.e2e.support.ReadYourWrites.read;
import static com.hackops.e2e.support.ReadYourWrites.versionOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The services stopped and killed under the clients' feet. Whatever happens to a process, the platform neither
 * loses nor doubles a change: the event store is the truth, the topic is fed from it, the read models apply each
 * event once, and clients retry with their idempotency keys.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceRestartIT {

    private static final String TENANTS = "/api/v1/tenants";
    /**
     * The first read after a restart may wait for a consumer group to rebalance or, after a kill, for the new
     * command-side node to take over the publisher's segments once the dead node's claim times out (10 s).
     */
    private static final Duration AFTER_RESTART = Duration.ofSeconds(90);
    private static final int METERED_CALLS = 60;
    private static final int CLIENTS = 4;

    private static Platform platform;

    @BeforeAll
    static void startPlatform() {
        platform = Platform.start();
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void read_models_catch_up_exactly_after_the_query_side_was_stopped() {
        String token = Tokens.user("rita");
        String tenant = createTenant(token, "rita-relays");
        long version = versionOf(track(tenant, token, "PARTICIPANTS", 3), 200);
        assertThat(metric(read(platform.query(), token, tenant, "/usage", version), "PARTICIPANTS").path("used").asLong())
                .isEqualTo(3);

        platform.stop(Service.QUERY);
        for (int i = 0; i < 10; i++) {
            version = versionOf(track(tenant, token, "PARTICIPANTS", 2), 200);
        }
        version = versionOf(platform.command().post(TENANTS + "/" + tenant + "/members", token,
                "{\"userId\":\"sam\",\"email\":\"sam@example.com\",\"role\":\"ADMIN\"}"), 201);
        version = versionOf(track(tenant, token, "STORAGE_BYTES", 1_000), 200);
        version = versionOf(platform.command().post(TENANTS + "/" + tenant + "/plan", token,
                "{\"plan\":\"PROFESSIONAL\"}"), 200);
        platform.start(Service.QUERY);

        JsonNode usage = awaitRead(platform.query(), token, tenant, "/usage", version, AFTER_RESTART);
        assertThat(usage.path("version").asLong()).as("nothing beyond the last command").isEqualTo(version);
        assertThat(usage.path("plan").asText()).isEqualTo("PROFESSIONAL");
        assertUsed(usage, "PARTICIPANTS", 23, 1_000);
        assertUsed(usage, "STORAGE_BYTES", 1_000, 25_000_000_000L);
        assertUsed(usage, "ADMINS", 2, 10);
        JsonNode members = read(platform.query(), token, tenant, "/members", version).path("members");
        assertThat(StreamSupport.stream(members.spliterator(), false).map(m -> m.path("userId").asText() + " "
                + m.path("role").asText())).containsExactly("rita OWNER", "sam ADMIN");
        JsonNode buckets = history(tenant, token);
        assertThat(sum(buckets, "changes")).as("changes in %s", buckets).isEqualTo(11);
        assertThat(sum(buckets, "increments")).as("increments in %s", buckets).isEqualTo(23);
    }

    @Test
    @Order(2)
    void a_command_side_killed_in_the_middle_of_metered_calls_loses_and_doubles_nothing() throws Exception {
        String token = Tokens.user("kim");
        String tenant = createTenant(token, "kim-karts");
        List<String> keys = IntStream.range(0, METERED_CALLS).mapToObj(i -> "meter-" + i).toList();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
        CountDownLatch aThirdAcknowledged = new CountDownLatch(METERED_CALLS / 3);

        // clients reporting +1 per key, each as fast as the command side answers: the kill cuts calls in flight
        Consumer<String> call = key -> {
            try {
                Api.Response answer = meter(tenant, token, key);
                if (answer.status() == 200) {
                    acknowledged.add(key);
                    aThirdAcknowledged.countDown();
                } else {
                    failed.add(key);
                }
            } catch (UncheckedIOException unreachable) {
                failed.add(key);
            }
        };
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> calls = IntStream.range(0, CLIENTS).<Future<?>>mapToObj(client -> clients.submit(() ->
                    IntStream.range(0, METERED_CALLS).filter(i -> i % CLIENTS == client).mapToObj(keys::get)
                            .forEach(call))).toList();
            assertThat(aThirdAcknowledged.await(60, TimeUnit.SECONDS)).as("a third of the calls acknowledged").isTrue();
            platform.kill(Service.COMMAND);
            for (Future<?> client : calls) {
                client.get(60, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(failed).as("calls cut off by the kill").isNotEmpty();

        platform.start(Service.COMMAND);
        List<String> replayed = new ArrayList<>();
        for (String key : new LinkedHashSet<>(failed)) {
            Api.Response retry = meter(tenant, token, key);
            assertThat(retry.status()).as("retry of %s: %s", key, retry).isEqualTo(200);
            acknowledged.add(key);
            if ("true".equals(retry.header("Idempotent-Replayed"))) {
                replayed.add(key);
            }
        }
        System.out.printf("kill -9 after %d of %d metered calls were acknowledged; %d retried, %d of them replayed%n",
                METERED_CALLS - failed.size(), METERED_CALLS, failed.size(), replayed.size());
        assertThat(acknowledged).as("distinct keys acknowledged").hasSize(METERED_CALLS);
        assertThat(replayed).as("retries answered from an earlier recording: at most the calls in flight at the kill")
                .hasSizeLessThanOrEqualTo(CLIENTS);

        Api.Response noOp = track(tenant, token, "PARTICIPANTS", 0);
        long version = versionOf(noOp, 200);
        assertThat(noOp.json().path("used").asLong()).as("usage on the command side").isEqualTo(acknowledged.size());
        JsonNode usage = awaitRead(platform.query(), token, tenant, "/usage", version, AFTER_RESTART);
        assertUsed(usage, "PARTICIPANTS", acknowledged.size(), 5_000);
        JsonNode buckets = history(tenant, token);
        assertThat(sum(buckets, "changes")).as("changes in %s", buckets).isEqualTo(acknowledged.size());
        assertThat(sum(buckets, "increments")).as("increments in %s", buckets).isEqualTo(acknowledged.size());
    }

    /** Runs last: after a stop and a kill, the topic still holds every stored event, in order per tenant. */
    @Test
    @Order(100)
    void every_stored_event_reached_the_topic_despite_the_restarts() throws Exception {
        PublicationCheck.verify(platform);
    }

    /** An ENTERPRISE tenant (room for every call here), read once so its projections are known to be live. */
    private static String createTenant(String token, String slug) {
        Api.Response created = platform.command().post(TENANTS, token,
                "{\"name\":\"%s\",\"slug\":\"%s\",\"plan\":\"ENTERPRISE\"}".formatted(slug, slug));
        long version = versionOf(created, 201);
        String tenant = created.json().path("tenantId").asText();
        awaitRead(platform.query(), token, tenant, "", version, AFTER_RESTART);
        return tenant;
    }

    private static Api.Response meter(String tenant, String token, String key) {
        return platform.command().post(TENANTS + "/" + tenant + "/usage", token,
                "{\"metric\":\"PARTICIPANTS\",\"delta\":1}", "Idempotency-Key", key);
    }

    private static Api.Response track(String tenant, String token, String metric, long delta) {
        return platform.command().post(TENANTS + "/" + tenant + "/usage", token,
                "{\"metric\":\"%s\",\"delta\":%d}".formatted(metric, delta));
    }

    private static JsonNode history(String tenant, String token) {
        Api.Response answer = platform.query().get(TENANTS + "/" + tenant + "/usage/history?metric=PARTICIPANTS", token);
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        return answer.json().path("buckets");
    }

    private static void assertUsed(JsonNode usage, String name, long used, long limit) {
        JsonNode metric = metric(usage, name);
        assertThat(metric.path("used").asLong()).as("used of %s in %s", name, usage).isEqualTo(used);
        assertThat(metric.path("limit").asLong()).as("limit of %s in %s", name, usage).isEqualTo(limit);
    }

    private static long sum(JsonNode buckets, String field) {
        return StreamSupport.stream(buckets.spliterator(), false).mapToLong(b -> b.path(field).asLong()).sum();
    }
}

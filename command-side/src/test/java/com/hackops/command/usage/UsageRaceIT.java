package com.hackops.command.usage;

import com.hackops.command.CommandSideApplication;
import com.hackops.command.support.Api;
import com.hackops.command.support.IntegrationTest;
import com.hackops.command.support.TestDatabase;
import com.hackops.platform.security.Tokens;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two command-side nodes on one event store, 50 concurrent increments for 10 free slots: exactly 10 win,
 * whichever node they reach, and the stored usage equals the limit. The losers of an append race are retried
 * on fresh state; none is lost, none overruns. The same holds for usage reports committed in groups on both nodes, and
 * beside a third node that commits each on its own (group commit off).
 */
@IntegrationTest
class UsageRaceIT {

    private static ConfigurableApplicationContext secondNode;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    /**
     * Started once this test's own node has migrated the store (before it, a class run alone found no tables). Its
     * groups linger (1 ms, off by default), so the races below also run through lingering groups on the real store.
     */
    @BeforeEach
    void startSecondNode() {
        if (secondNode == null) {
            secondNode = new SpringApplicationBuilder(CommandSideApplication.class)
                    .run("--server.port=0", "--spring.datasource.url=" + TestDatabase.url(), "--spring.flyway.enabled=false",
                            "--hackops.event-store.group-commit-linger=1ms");
        }
    }

    @AfterAll
    static void stopSecondNode() {
        if (secondNode != null) {
            secondNode.close();
            secondNode = null;
        }
    }

    @Test
    void fifty_concurrent_increments_for_ten_free_slots_over_two_nodes() throws Exception {
        raceForTheLastSlots(new Api(port), new Api(((WebServerApplicationContext) secondNode).getWebServer().getPort()),
                40, 50);
    }

    /**
     * A node with the group commit off ({@code group-commit-size: 1}, Axon's plain bus: how a node of the previous
     * release, or one tuned so, runs) starts, keeps the same rules beside a grouping node, and shuts down cleanly.
     */
    @Test
    void a_node_with_the_group_commit_off_races_a_grouping_node_by_the_same_rules() throws Exception {
        try (ConfigurableApplicationContext ungrouped = new SpringApplicationBuilder(CommandSideApplication.class)
                .run("--server.port=0", "--spring.datasource.url=" + TestDatabase.url(), "--spring.flyway.enabled=false",
                        "--hackops.event-store.group-commit-size=1")) {
            assertThat(ungrouped.getBean("commandBus")).isExactlyInstanceOf(SimpleCommandBus.class);
            raceForTheLastSlots(new Api(port),
                    new Api(((WebServerApplicationContext) ungrouped).getWebServer().getPort()), 45, 20);
        }
    }

    /**
     * A FREE tenant (50 participants) with {@code used} taken; {@code calls} concurrent +1 alternate between the two
     * nodes: exactly the free slots are accepted, the rest refused, and the store holds exactly the limit.
     */
    private void raceForTheLastSlots(Api first, Api second, int used, int calls) throws Exception {
        String owner = "racer-" + UUID.randomUUID();
        String token = Tokens.user(owner);
        String tenant = first.createTenant(owner, Api.slug("race-"), "FREE");
        String path = "/api/v1/tenants/" + tenant + "/usage";
        assertThat(second.post(path, token, "{\"metric\":\"PARTICIPANTS\",\"delta\":" + used + "}").status())
                .isEqualTo(200);

        ExecutorService pool = Executors.newFixedThreadPool(calls);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            Api node = i % 2 == 0 ? first : second;
            answers.add(pool.submit(() -> {
                start.await();
                return node.post(path, token, "{\"metric\":\"PARTICIPANTS\",\"delta\":1}").status();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
            statuses.add(answer.get());
        }
        pool.shutdown();

        int free = 50 - used;
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(free);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(calls - free);
        Api.Response probe = first.post(path, token, "{\"metric\":\"PARTICIPANTS\",\"delta\":0}");
        assertThat(probe.json().get("used").asLong()).isEqualTo(50);
        assertThat(storedDeltas(tenant)).as("sum of every recorded delta").isEqualTo(50);
    }

    /**
     * Usage reports for many tenants arriving together are committed in groups on both nodes (GroupCommitCommandBus):
     * each call still gets its own answer — refusals among them 409, with their idempotency keys released — and every
     * accepted increment is stored once, whichever node and group it went through and whatever a group that lost a
     * race to the other node had to do again.
     */
    @Test
    void increments_for_many_tenants_over_two_nodes_commit_in_groups_and_each_counts_once() throws Exception {
        Api first = new Api(port);
        Api second = new Api(((WebServerApplicationContext) secondNode).getWebServer().getPort());
        String owner = "grouper-" + UUID.randomUUID();
        String token = Tokens.user(owner);
        List<String> tenants = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            String tenant = first.createTenant(owner, Api.slug("group-"), "FREE");
            // FREE allows 50 participants: 45 taken, 5 left for the 12 calls below
            assertThat(first.post("/api/v1/tenants/" + tenant + "/usage", token,
                    "{\"metric\":\"PARTICIPANTS\",\"delta\":45}").status()).isEqualTo(200);
            tenants.add(tenant);
        }
        long groupsBefore = groupedCommands();

        ExecutorService pool = Executors.newFixedThreadPool(48);
        CountDownLatch start = new CountDownLatch(1);
        record Call(String tenant, boolean keyed, Future<Integer> status) {
        }
        List<Call> calls = new ArrayList<>();
        for (int round = 0; round < 12; round++) {
            for (int t = 0; t < tenants.size(); t++) {
                String tenant = tenants.get(t);
                Api node = (round + t) % 2 == 0 ? first : second;
                boolean keyed = round % 3 == 0;
                String[] key = keyed ? new String[]{"Idempotency-Key", "k-" + round} : new String[0];
                calls.add(new Call(tenant, keyed, pool.submit(() -> {
                    start.await();
                    return node.post("/api/v1/tenants/" + tenant + "/usage", token,
                            "{\"metric\":\"PARTICIPANTS\",\"delta\":1}", key).status();
                })));
            }
        }
        start.countDown();
        for (Call call : calls) {
            call.status().get();
        }
        pool.shutdown();

        for (String tenant : tenants) {
            List<Call> own = calls.stream().filter(call -> call.tenant().equals(tenant)).toList();
            List<Integer> statuses = new ArrayList<>();
            for (Call call : own) {
                statuses.add(call.status().get());
            }
            assertThat(statuses).as("answers for %s", tenant).filteredOn(s -> s == 200).hasSize(5);
            assertThat(statuses).as("answers for %s", tenant).filteredOn(s -> s == 409).hasSize(7);
            assertThat(storedDeltas(tenant)).as("sum of every recorded delta of %s", tenant).isEqualTo(50);
            long keyedAccepted = 0;
            for (Call call : own) {
                if (call.keyed() && call.status().get() == 200) {
                    keyedAccepted++;
                }
            }
            assertThat(jdbc.queryForObject("SELECT count(*) FROM usage_idempotency_key WHERE tenant_id = ?::uuid",
                    Long.class, tenant)).as("keys kept: the accepted calls' only").isEqualTo(keyedAccepted);
        }
        assertThat(groupedCommands() - groupsBefore)
                .as("commands committed in groups of more than one, on either node").isPositive();
    }

    private Integer storedDeltas(String tenant) {
        return jdbc.queryForObject("""
                SELECT sum((c ->> 'delta')::bigint)::int FROM domain_event_entry e,
                       jsonb_array_elements(convert_from(e.payload, 'UTF8')::jsonb -> 'changes') c
                WHERE e.aggregate_identifier = ? AND e.payload_type LIKE '%.UsageTracked'""", Integer.class, tenant);
    }

    /**
     * Both nodes' group size meters: the commands committed minus the groups committed, which grows only with a group
     * of two or more.
     */
    private long groupedCommands() {
        long grouped = 0;
        for (MeterRegistry registry : List.of(meters, secondNode.getBean(MeterRegistry.class))) {
            DistributionSummary groups = registry.get("hackops.command.groups").summary();
            grouped += (long) groups.totalAmount() - groups.count();
        }
        return grouped;
    }
}

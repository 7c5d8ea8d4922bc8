package com.hackops.command.usage;

import com.hackops.command.CommandSideApplication;
import com.hackops.command.support.Api;
import com.hackops.command.support.IntegrationTest;
import com.hackops.command.support.TestDatabase;
import com.hackops.platform.security.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * on fresh state; none is lost, none overruns.
 */
@IntegrationTest
class UsageRaceIT {

    private static ConfigurableApplicationContext secondNode;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeAll
    static void startSecondNode() {
        secondNode = new SpringApplicationBuilder(CommandSideApplication.class)
                .run("--server.port=0", "--spring.datasource.url=" + TestDatabase.url(), "--spring.flyway.enabled=false");
    }

    @AfterAll
    static void stopSecondNode() {
        secondNode.close();
    }

    @Test
    void fifty_concurrent_increments_for_ten_free_slots_over_two_nodes() throws Exception {
        Api first = new Api(port);
        Api second = new Api(((WebServerApplicationContext) secondNode).getWebServer().getPort());
        String owner = "racer-" + UUID.randomUUID();
        String token = Tokens.user(owner);
        String tenant = first.createTenant(owner, "race-" + UUID.randomUUID().toString().substring(0, 8), "FREE");
        String path = "/api/v1/tenants/" + tenant + "/usage";
        assertThat(second.post(path, token, "{\"metric\":\"PARTICIPANTS\",\"delta\":40}").status()).isEqualTo(200);

        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Api node = i % 2 == 0 ? first : second;
            calls.add(pool.submit(() -> {
                start.await();
                return node.post(path, token, "{\"metric\":\"PARTICIPANTS\",\"delta\":1}").status();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> call : calls) {
            statuses.add(call.get());
        }
        pool.shutdown();

        assertThat(statuses).filteredOn(s -> s == 200).hasSize(10);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(40);
        Api.Response probe = first.post(path, token, "{\"metric\":\"PARTICIPANTS\",\"delta\":0}");
        assertThat(probe.json().get("used").asLong()).isEqualTo(50);
        Integer stored = jdbc.queryForObject("""
                SELECT sum((c ->> 'delta')::bigint)::int FROM domain_event_entry e,
                       jsonb_array_elements(convert_from(e.payload, 'UTF8')::jsonb -> 'changes') c
                WHERE e.aggregate_identifier = ? AND e.payload_type LIKE '%.UsageTracked'""", Integer.class, tenant);
        assertThat(stored).as("sum of every recorded delta").isEqualTo(50);
    }
}

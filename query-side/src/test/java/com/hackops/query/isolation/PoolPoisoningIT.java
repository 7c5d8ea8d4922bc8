package com.hackops.query.isolation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hackops.events.membership.MemberAdded;
import com.hackops.events.types.Metric;
import com.hackops.events.types.Role;
import com.hackops.platform.security.Tokens;
import com.hackops.query.support.Api;
import com.hackops.query.support.EventPublisher;
import com.hackops.query.support.History;
import com.hackops.query.support.PersonKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pool poisoning: the query side on a pool of two connections, both left with session-level settings of another
 * tenant ({@code SET app.tenant_id}, {@code app.user_id}, {@code app.platform_admin}, {@code search_path}: not
 * {@code SET LOCAL}, so they outlive the transaction and ride along with the connection), re-poisoned while
 * thousands of interleaved requests of three tenants run. Every answer, and every row a query without a tenant
 * filter gets back through the service's own binding, must belong to the caller's tenant: zero leaked rows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hackops.test.infrastructure=true",
        "spring.datasource.hikari.maximum-pool-size=2",
        "spring.datasource.hikari.minimum-idle=2",
        "hackops.kafka.consumers=1"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// a context of its own, closed afterwards: its publisher/consumers must not linger beside the shared one
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PoolPoisoningIT {

    private static final int REQUESTS = 3_000;
    private static final int THREADS = 6;
    private static final int REPOISON_EVERY = 40;

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;
    @Autowired
    TenantReads reads;
    @Autowired
    JdbcTemplate jdbc;

    private final List<Tenant> tenants = new ArrayList<>();
    private Api api;

    /** A tenant of the test and everything of it that must never appear in another tenant's answer. */
    private record Tenant(UUID id, String name, String owner, Set<String> members, Set<String> secrets) {
    }

    @BeforeAll
    void threeTenantsWithData() {
        api = new Api(port);
        try (EventPublisher publisher = new EventPublisher()) {
            for (String label : List.of("Alpha", "Bravo", "Charlie")) {
                String name = "Poison " + label + " " + UUID.randomUUID().toString().substring(0, 6);
                History h = History.created(name);
                String colleague = "colleague-" + label.toLowerCase() + "-" + h.tenant;
                String email = label.toLowerCase() + "-secret-" + h.tenant.toString().substring(0, 8) + "@example.com";
                h.add(new MemberAdded(h.id, colleague, PersonKeys.seal(h.tenant, colleague, email, null), Role.MEMBER, h.owner));
                h.add(h.usage(Metric.PARTICIPANTS, 7, 7, Instant.now()));
                h.publish(publisher, 0);
                tenants.add(new Tenant(h.tenant, name, h.owner, Set.of(h.owner, colleague),
                        Set.of(h.tenant.toString(), name, h.owner, colleague, email)));
                String token = Tokens.user(h.owner);
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        api.get("/api/v1/tenants/" + h.tenant + "/members?minVersion=" + h.lastSequence(), token).status() == 200);
            }
        }
    }

    @Test
    void session_level_settings_left_on_pooled_connections_leak_no_row() throws Exception {
        Tenant first = tenants.get(0);
        Tenant second = tenants.get(1);
        try (Connection one = dataSource.getConnection(); Connection two = dataSource.getConnection()) {
            poison(one, first);
            poison(two, second);
        }
        assertThat(sessionSettingsOfThePool()).as("both pooled connections carry the poison into the run")
                .allSatisfy(setting -> assertThat(setting).isEqualTo("on"));

        AtomicInteger answers = new AtomicInteger();
        AtomicInteger probes = new AtomicInteger();
        AtomicInteger poisonings = new AtomicInteger(2);
        ConcurrentLinkedQueue<String> leaks = new ConcurrentLinkedQueue<>();
        ExecutorService workers = Executors.newFixedThreadPool(THREADS);
        long started = System.nanoTime();
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                int n = i;
                runs.add(workers.submit(() -> {
                    Tenant caller = tenants.get(n % 3);
                    Tenant other = tenants.get((n + 1 + (n / 3) % 2) % 3);
                    if (n % REPOISON_EVERY == 0) {
                        poisonAnyConnection(other);
                        poisonings.incrementAndGet();
                    }
                    switch ((n / 3) % 6) {
                        case 0, 1, 2, 3 -> {
                            answers.incrementAndGet();
                            check(request((n / 3) % 6, caller, other), caller, leaks);
                        }
                        default -> {
                            probes.incrementAndGet();
                            check(probe((n / 3) % 6 == 4, caller), caller, leaks);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            workers.shutdownNow();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("pool poisoning: %d answers and %d unfiltered reads in %d ms on a pool of 2, %d poisonings, %d leaks%n",
                answers.get(), probes.get(), took.toMillis(), poisonings.get(), leaks.size());

        assertThat(leaks).as("leaked rows or answers").isEmpty();
        assertThat(sessionSettingsOfThePool()).as("the poison was still there at the end: every request met it")
                .allSatisfy(setting -> assertThat(setting).isEqualTo("on"));
    }

    /** One API call: own tenant, own members, another tenant's members (404), the caller's tenant list. */
    private Api.Response request(int kind, Tenant caller, Tenant other) {
        String token = Tokens.user(caller.owner());
        return switch (kind) {
            case 0 -> api.get("/api/v1/tenants/" + caller.id(), token);
            case 1 -> api.get("/api/v1/tenants/" + caller.id() + "/members", token);
            case 2 -> api.get("/api/v1/tenants/" + other.id() + "/members", token);
            default -> api.get("/api/v1/tenants", token);
        };
    }

    private void check(Api.Response answer, Tenant caller, ConcurrentLinkedQueue<String> leaks) {
        if (answer.status() != 200 && answer.status() != 404) {
            leaks.add("unexpected " + answer.status() + ": " + answer.body());
            return;
        }
        JsonNode body = answer.json();
        if (body instanceof ObjectNode object) {
            object.remove("instance"); // a 404 names the path the caller asked for, nothing else
        }
        String text = body.toString();
        for (Tenant tenant : tenants) {
            if (tenant != caller) {
                tenant.secrets().stream().filter(text::contains)
                        .forEach(secret -> leaks.add(caller.name() + " saw " + secret + " of " + tenant.name() + ": " + text));
            }
        }
        if (answer.status() == 200) {
            body.findValues("userId").forEach(user -> {
                if (!caller.members().contains(user.asText())) {
                    leaks.add(caller.name() + " saw member " + user.asText());
                }
            });
        }
    }

    private void check(Set<UUID> rows, Tenant caller, ConcurrentLinkedQueue<String> leaks) {
        Set<UUID> foreign = new HashSet<>(rows);
        foreign.remove(caller.id());
        if (!foreign.isEmpty()) {
            leaks.add(caller.name() + "'s transaction read rows of tenants " + foreign);
        }
    }

    /**
     * A query that forgot its tenant filter, run through the service's own binding (as a tenant, or as the caller
     * listing their memberships): row-level security alone decides what comes back.
     */
    private Set<UUID> probe(boolean asTenant, Tenant caller) {
        String everything = """
                SELECT tenant_id FROM tenant_member UNION SELECT tenant_id FROM tenant_summary
                UNION SELECT tenant_id FROM tenant_usage UNION SELECT tenant_id FROM projection_stream""";
        List<UUID> rows = asTenant
                ? reads.asTenant(caller.id(), () -> jdbc.queryForList(everything, UUID.class))
                : reads.asUser(caller.owner(), () -> jdbc.queryForList(everything, UUID.class));
        return new HashSet<>(rows);
    }

    private void poisonAnyConnection(Tenant as) {
        try (Connection connection = dataSource.getConnection()) {
            poison(connection, as);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Session-level, outside any transaction: the settings stay on the connection when it goes back to the pool. */
    private static void poison(Connection connection, Tenant as) throws SQLException {
        assertThat(connection.getAutoCommit()).isTrue();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET app.tenant_id = '" + as.id() + "'");
            statement.execute("SET app.user_id = '" + as.owner() + "'");
            statement.execute("SET app.platform_admin = 'on'");
            statement.execute("SET search_path = read_green, public");
        }
    }

    private List<String> sessionSettingsOfThePool() throws SQLException {
        try (Connection one = dataSource.getConnection(); Connection two = dataSource.getConnection()) {
            return List.of(setting(one), setting(two));
        }
    }

    private static String setting(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT current_setting('app.platform_admin', true)")) {
            rows.next();
            return rows.getString(1);
        }
    }
}

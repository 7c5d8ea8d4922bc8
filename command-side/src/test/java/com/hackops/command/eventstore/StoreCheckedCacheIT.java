package com.hackops.command.eventstore;

import com.hackops.command.support.Api;
import com.hackops.command.support.IntegrationTest;
import com.hackops.events.types.Metric;
import com.hackops.events.types.TenantId;
import com.hackops.events.usage.UsageChange;
import com.hackops.events.usage.UsageTracked;
import com.hackops.platform.security.Tokens;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant cache is held strongly, so it must never answer from a tenant that another command-side node has
 * written since: here the other node is an append straight into the event store, past this node's cache.
 */
@IntegrationTest
class StoreCheckedCacheIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventStorageEngine storage;
    @Autowired
    Cache tenantCache;

    @Test
    void a_tenant_written_by_another_node_is_decided_on_its_stored_state_not_on_the_cached_one() {
        Api api = new Api(port);
        String owner = "cache-" + UUID.randomUUID();
        String token = Tokens.user(owner);
        String tenant = api.createTenant(owner, Api.slug("cache-"), "STARTER");
        String usage = "/api/v1/tenants/" + tenant + "/usage";
        // at the limit (200) on this node's cached tenant (a refusal now would roll back and so evict it)
        assertThat(api.post(usage, token, "{\"metric\":\"PARTICIPANTS\",\"delta\":200}").status()).isEqualTo(200);

        // another node lets 50 participants go: the store has a newer version than this node's cache
        long last = appendAsAnotherNode(tenant, new UsageChange(Metric.PARTICIPANTS, -50, -50, 150, Instant.now()));

        // a cached (stale) tenant would refuse this as over the limit, and append nothing that could fail
        Api.Response answer = api.post(usage, token, "{\"metric\":\"PARTICIPANTS\",\"delta\":1}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("used").asLong()).isEqualTo(151);
        assertThat(answer.json().get("version").asLong()).isEqualTo(last + 2);
    }

    @Test
    void a_group_checks_its_cached_tenants_in_one_statement_and_still_drops_the_stale_one() {
        Api api = new Api(port);
        String owner = "group-" + UUID.randomUUID();
        List<String> tenants = List.of(cachedTenant(api, owner), cachedTenant(api, owner), cachedTenant(api, owner));
        String a = tenants.get(0);
        String b = tenants.get(1);
        String c = tenants.get(2);
        CountingJdbc counting = new CountingJdbc(jdbc);
        StoreCheckedCache cache = new StoreCheckedCache(100, counting, "domain_event_entry");
        tenants.forEach(tenant -> cache.put(tenant, tenantCache.get(tenant))); // the service's entries: current

        // alone (no group): one look-up per use
        tenants.forEach(tenant -> assertThat((Object) cache.get(tenant)).isNotNull());
        assertThat(counting.statements.getAndSet(0)).isEqualTo(3);

        // a group: one statement for all its cached tenants (a tenant not cached is not looked up), one use each
        inGroup(List.of(a, b, c, "not-cached"), () -> {
            tenants.forEach(tenant -> assertThat((Object) cache.get(tenant)).as(tenant).isNotNull());
            assertThat(counting.statements.get()).isEqualTo(1);
            assertThat(counting.groupRows.getAndSet(0)).as("tenants looked up together").isEqualTo(3);
            assertThat((Object) cache.get(a)).isNotNull(); // a second use looks again
            assertThat(counting.statements.getAndSet(0)).isEqualTo(2);
        });

        // another node writes b: the group's one statement sees it, b is dropped and loaded afresh, a and c are served
        appendAsAnotherNode(b, new UsageChange(Metric.EVENTS, 1, 1, 2, Instant.now()));
        inGroup(tenants, () -> {
            assertThat((Object) cache.get(a)).isNotNull();
            assertThat((Object) cache.get(b)).as("written by another node").isNull();
            assertThat((Object) cache.get(c)).isNotNull();
            assertThat(cache.containsKey(b)).isFalse();
            assertThat(counting.statements.getAndSet(0)).isEqualTo(1);
            assertThat(counting.groupRows.getAndSet(0)).isEqualTo(3);
        });

        // once a group's members have run (a command sent from its commit handlers was not waiting when they were
        // looked up), each use looks for itself
        UnitOfWork<?> late = DefaultUnitOfWork.startAndGet(new GenericMessage<>("group"));
        late.resources().put(GroupCommitCommandBus.GROUP_TARGETS, List.of(a, c));
        late.onCommit(u -> List.of(a, c).forEach(tenant -> assertThat((Object) cache.get(tenant)).isNotNull()));
        late.commit();
        assertThat(counting.statements.getAndSet(0)).isEqualTo(2);
        assertThat(counting.groupRows.get()).isZero();
    }

    /** A tenant with a usage report: in the service's cache at its stored version. */
    private static String cachedTenant(Api api, String owner) {
        String tenant = api.createTenant(owner, Api.slug("group-"), "STARTER");
        assertThat(api.post("/api/v1/tenants/" + tenant + "/usage", Tokens.user(owner),
                "{\"metric\":\"EVENTS\",\"delta\":1}").status()).isEqualTo(200);
        return tenant;
    }

    /**
     * Appends a usage report for the tenant straight into the store, past this node's cache, as another command-side
     * node would; answers the sequence number the tenant had before it.
     */
    private long appendAsAnotherNode(String tenant, UsageChange change) {
        long last = jdbc.queryForObject("SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, tenant);
        String type = jdbc.queryForObject("SELECT type FROM domain_event_entry WHERE aggregate_identifier = ? LIMIT 1",
                String.class, tenant);
        storage.appendEvents(new GenericDomainEventMessage<>(type, tenant, last + 1,
                new UsageTracked(TenantId.of(tenant), List.of(change), "other-node")));
        return last;
    }

    /** Runs the work in a unit of work that names its targets as a group of the group commit does. */
    private static void inGroup(List<String> targets, Runnable work) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(new GenericMessage<>("group"));
        unitOfWork.resources().put(GroupCommitCommandBus.GROUP_TARGETS, targets);
        try {
            work.run();
        } finally {
            unitOfWork.rollback();
        }
    }

    /** The service's database, counting the statements the cache sends and the rows a group's statement answers. */
    private static final class CountingJdbc extends JdbcTemplate {
        final AtomicInteger statements = new AtomicInteger();
        final AtomicInteger groupRows = new AtomicInteger();

        CountingJdbc(JdbcTemplate jdbc) {
            super(jdbc.getDataSource());
        }

        @Override
        public <T> List<T> queryForList(String sql, Class<T> elementType, Object... args) {
            statements.incrementAndGet();
            return super.queryForList(sql, elementType, args);
        }

        @Override
        public void query(String sql, PreparedStatementSetter setter, RowCallbackHandler rows) {
            statements.incrementAndGet();
            super.query(sql, setter, (RowCallbackHandler) row -> {
                groupRows.incrementAndGet();
                rows.processRow(row);
            });
        }
    }
}

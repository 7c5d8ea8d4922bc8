package com.hackops.command.eventstore;

import com.hackops.command.support.Api;
import com.hackops.command.support.IntegrationTest;
import com.hackops.events.types.Metric;
import com.hackops.events.types.TenantId;
import com.hackops.events.usage.UsageChange;
import com.hackops.events.usage.UsageTracked;
import com.hackops.platform.security.Tokens;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

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

    @Test
    void a_tenant_written_by_another_node_is_decided_on_its_stored_state_not_on_the_cached_one() {
        Api api = new Api(port);
        String owner = "cache-" + UUID.randomUUID();
        String token = Tokens.user(owner);
        String tenant = api.createTenant(owner, "cache-" + UUID.randomUUID().toString().substring(0, 8), "STARTER");
        String usage = "/api/v1/tenants/" + tenant + "/usage";
        // at the limit (200) on this node's cached tenant (a refusal now would roll back and so evict it)
        assertThat(api.post(usage, token, "{\"metric\":\"PARTICIPANTS\",\"delta\":200}").status()).isEqualTo(200);

        // another node lets 50 participants go: the store has a newer version than this node's cache
        long last = jdbc.queryForObject("SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, tenant);
        String type = jdbc.queryForObject("SELECT type FROM domain_event_entry WHERE aggregate_identifier = ? LIMIT 1",
                String.class, tenant);
        storage.appendEvents(new GenericDomainEventMessage<>(type, tenant, last + 1, new UsageTracked(TenantId.of(tenant),
                List.of(new UsageChange(Metric.PARTICIPANTS, -50, -50, 150, Instant.now())), "other-node")));

        // a cached (stale) tenant would refuse this as over the limit, and append nothing that could fail
        Api.Response answer = api.post(usage, token, "{\"metric\":\"PARTICIPANTS\",\"delta\":1}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("used").asLong()).isEqualTo(151);
        assertThat(answer.json().get("version").asLong()).isEqualTo(last + 2);
    }
}

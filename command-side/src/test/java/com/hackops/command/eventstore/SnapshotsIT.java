package com.hackops.command.eventstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hackops.command.support.Api;
import com.hackops.command.support.IntegrationTest;
import com.hackops.platform.security.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant with more events than the snapshot threshold (25) is snapshotted, at a sequence the store has, and a
 * command on it still answers from the latest state; the snapshot is taken from the tenant the cache holds, and is the
 * tenant Axon rebuilds from the store.
 */
@IntegrationTest
class SnapshotsIT {

    /** The tenant aggregate (package-private in its feature package). */
    private static final Class<?> TENANT = tenantType();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;
    @Autowired
    Snapshotter axonSnapshotter;
    @Autowired
    StoreCheckedCache tenantCache;
    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionManager transactions;

    @Test
    void a_busy_tenant_is_snapshotted() {
        double fromCache = meters.counter("hackops.snapshots", "from", "cache", "outcome", "stored").count();
        Api api = new Api(port);
        Api.NewTenant created = api.newTenant("snap-", "ENTERPRISE");
        String token = created.token();
        String tenant = created.id();
        String usage = created.usage();
        for (int i = 0; i < 60; i++) {
            assertThat(api.post(usage, token, "{\"metric\":\"STORAGE_BYTES\",\"delta\":1}").status()).isEqualTo(200);
        }

        // every 25 events, counted from the tenant's first, each increment its own unit of work: at 24 and 49
        Long snapshotAt = jdbc.queryForObject(
                "SELECT max(sequence_number) FROM snapshot_event_entry WHERE aggregate_identifier = ?", Long.class, tenant);
        assertThat(snapshotAt).as("the tenant's snapshot").isEqualTo(49L);
        assertThat(meters.counter("hackops.snapshots", "from", "cache", "outcome", "stored").count())
                .as("snapshots taken from the cached tenant (from the store: %s)",
                        meters.counter("hackops.snapshots", "from", "store", "outcome", "rebuilt").count())
                .isEqualTo(fromCache + 2);

        // loaded again from that snapshot and the events after it, the tenant goes on from its whole history
        tenantCache.remove(tenant);
        Api.Response answer = api.post(usage, token, "{\"metric\":\"STORAGE_BYTES\",\"delta\":1}");
        assertThat(answer.json().get("used").asLong()).isEqualTo(61);
        assertThat(answer.json().get("version").asLong()).isEqualTo(lastEvent(tenant));
    }

    @Test
    void a_snapshot_of_the_cached_tenant_is_the_tenant_axon_rebuilds_from_its_events() throws Exception {
        Api api = new Api(port);
        Api.NewTenant created = api.newTenant("snap-", "STARTER");
        String token = created.token();
        String admin = Tokens.platformAdmin("ops-" + UUID.randomUUID());
        String tenant = created.id();
        String path = "/api/v1/tenants/" + tenant;
        // a history touching every part of the tenant's state, each step answered 2xx
        for (String[] step : List.of(
                new String[]{"POST", path + "/members", token,
                        "{\"userId\":\"ada\",\"email\":\"ada@example.org\",\"role\":\"ADMIN\"}"},
                new String[]{"POST", path + "/members", token, "{\"userId\":\"bob\",\"role\":\"VIEWER\"}"},
                new String[]{"PUT", path + "/members/bob", token, "{\"role\":\"MEMBER\"}"},
                new String[]{"DELETE", path + "/members/ada", token, null},
                new String[]{"POST", path + "/usage", token, "{\"metric\":\"PARTICIPANTS\",\"delta\":40}"},
                new String[]{"POST", path + "/plan", token, "{\"plan\":\"PROFESSIONAL\"}"},
                new String[]{"POST", path + "/api-keys", token, "{\"name\":\"scorer\",\"scopes\":[\"usage:write\"]}"},
                new String[]{"PUT", path + "/overrides", admin,
                        "{\"limits\":{\"EVENTS\":70},\"features\":{\"SSO\":true},\"reason\":\"negotiated\"}"},
                new String[]{"POST", path + "/usage", token, "{\"metric\":\"STORAGE_BYTES\",\"delta\":1024}"},
                new String[]{"POST", path + "/trial", token, "{\"plan\":\"ENTERPRISE\",\"days\":14}"},
                new String[]{"POST", path + "/suspend", token, null},
                new String[]{"POST", path + "/reactivate", token, null},
                new String[]{"DELETE", path + "/members/ada/personal-data", token, null})) {
            Api.Response answer = api.send(step[0], step[1], step[2], step[3]);
            assertThat(answer.status()).as(step[0] + " " + step[1] + ": " + answer.body()).isBetween(200, 201);
        }
        Api.Response key = api.post(path + "/api-keys", token, "{\"name\":\"revoked\",\"scopes\":[\"read\"]}");
        assertThat(api.send("DELETE", path + "/api-keys/" + key.json().get("keyId").asText(), token, null).status())
                .isEqualTo(200);
        assertThat(api.post(path + "/plan", token, "{\"plan\":\"STARTER\",\"effectiveAt\":\"%s\"}"
                .formatted(Instant.now().plus(Duration.ofDays(30)))).status()).as("a pending change").isEqualTo(200);
        long last = lastEvent(tenant);

        // from the cache: the unit of work that asks for it commits, then the cached tenant is stored
        jdbc.update("DELETE FROM snapshot_event_entry WHERE aggregate_identifier = ?", tenant);
        MeterRegistry counted = new SimpleMeterRegistry();
        CacheSnapshotter snapshotter = snapshotter(counted);
        DefaultUnitOfWork.startAndGet(null).execute(() -> snapshotter.schedule(TENANT, "Tenant", tenant));
        Map<String, Object> fromCache = snapshotRow(tenant);
        assertThat(counted.counter("hackops.snapshots", "from", "cache", "outcome", "stored").count()).isEqualTo(1);

        // Axon's: the tenant rebuilt from all its events
        jdbc.update("DELETE FROM snapshot_event_entry WHERE aggregate_identifier = ?", tenant);
        axonSnapshotter.scheduleSnapshot(TENANT, tenant);
        Map<String, Object> rebuilt = snapshotRow(tenant);

        assertThat(fromCache.get("sequence_number")).isEqualTo(last).isEqualTo(rebuilt.get("sequence_number"));
        assertThat(fromCache.get("type")).isEqualTo(rebuilt.get("type")).isEqualTo("Tenant");
        assertThat(fromCache.get("payload_type")).isEqualTo(rebuilt.get("payload_type"));
        assertThat(fromCache.get("payload_revision")).isEqualTo(rebuilt.get("payload_revision"));
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree((byte[]) fromCache.get("payload")))
                .isEqualTo(json.readTree((byte[]) rebuilt.get("payload")));
        assertThat(json.readTree((byte[]) fromCache.get("payload")).toString())
                .contains("bob", "PROFESSIONAL", "ENTERPRISE", "STARTER", "SSO", "STORAGE_BYTES")
                .doesNotContain("ada@example.org");
    }

    @Test
    void a_tenant_the_cache_no_longer_holds_is_rebuilt_from_the_store() {
        Api api = new Api(port);
        Api.NewTenant created = api.newTenant("snap-", "STARTER");
        String tenant = created.id();
        assertThat(api.post(created.usage(), created.token(),
                "{\"metric\":\"PARTICIPANTS\",\"delta\":3}").status()).isEqualTo(200);
        MeterRegistry counted = new SimpleMeterRegistry();
        CacheSnapshotter snapshotter = snapshotter(counted);

        tenantCache.remove(tenant);
        DefaultUnitOfWork.startAndGet(null).execute(() -> snapshotter.schedule(TENANT, "Tenant", tenant));

        assertThat(counted.counter("hackops.snapshots", "from", "store", "outcome", "rebuilt").count()).isEqualTo(1);
        assertThat(counted.counter("hackops.snapshots", "from", "cache", "outcome", "stored").count()).isZero();
        assertThat(snapshotRow(tenant).get("sequence_number")).isEqualTo(lastEvent(tenant));
    }

    private CacheSnapshotter snapshotter(MeterRegistry counted) {
        return new CacheSnapshotter(axonSnapshotter, tenantCache, eventStore, transactions, counted);
    }

    private long lastEvent(String tenant) {
        return jdbc.queryForObject(
                "SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class, tenant);
    }

    private Map<String, Object> snapshotRow(String tenant) {
        return jdbc.queryForMap("SELECT sequence_number, type, payload_type, payload_revision, payload FROM snapshot_event_entry"
                + " WHERE aggregate_identifier = ?", tenant);
    }

    private static Class<?> tenantType() {
        try {
            return Class.forName("com.hackops.command.tenant.Tenant");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}

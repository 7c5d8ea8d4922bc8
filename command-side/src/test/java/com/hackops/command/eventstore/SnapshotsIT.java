package com.hackops.command.eventstore;

import com.hackops.command.support.Api;
import com.hackops.command.support.IntegrationTest;
import com.hackops.platform.security.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tenant with more events than the snapshot threshold (25) is snapshotted, at a sequence the store has, and a
 * command on it still answers from the latest state.
 */
@IntegrationTest
class SnapshotsIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void a_busy_tenant_is_snapshotted() {
        Api api = new Api(port);
        String owner = "snap-" + UUID.randomUUID();
        String token = Tokens.user(owner);
        String tenant = api.createTenant(owner, "snap-" + UUID.randomUUID().toString().substring(0, 8), "ENTERPRISE");
        String usage = "/api/v1/tenants/" + tenant + "/usage";
        for (int i = 0; i < 60; i++) {
            assertThat(api.post(usage, token, "{\"metric\":\"STORAGE_BYTES\",\"delta\":1}").status()).isEqualTo(200);
        }

        Long snapshotAt = await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT max(sequence_number) FROM snapshot_event_entry WHERE aggregate_identifier = ?", Long.class, tenant),
                Objects::nonNull);
        Long last = jdbc.queryForObject("SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, tenant);
        assertThat(snapshotAt).as("a snapshot of the tenant").isNotNull().isGreaterThanOrEqualTo(24L).isLessThanOrEqualTo(last);
        Api.Response answer = api.post(usage, token, "{\"metric\":\"STORAGE_BYTES\",\"delta\":1}");
        assertThat(answer.json().get("used").asLong()).isEqualTo(61);
    }
}

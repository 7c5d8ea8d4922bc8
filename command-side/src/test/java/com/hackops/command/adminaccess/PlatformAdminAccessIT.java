package com.hackops.command.adminaccess;

import com.hackops.command.support.Api;
import com.hackops.command.support.IntegrationTest;
import com.hackops.platform.security.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Platform admins' requests to tenants leave a row in {@code platform_admin_access} — a write, an attempt that is
 * refused, an import (a row of its own and one per tenant it created) — written before the request is handled;
 * members' requests leave none.
 */
@IntegrationTest
class PlatformAdminAccessIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    private Api api;
    private String run;
    private String admin;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        run = UUID.randomUUID().toString().substring(0, 8);
        admin = "ops-" + run;
    }

    /** A row as the tenant's OWNER reads it. */
    private record Row(String admin, String service, String method, String path, Integer status) {
    }

    @Test
    void an_admins_write_and_refused_attempt_are_recorded_a_members_request_is_not() {
        String owner = "owner-" + run;
        String tenant = api.createTenant(owner, "audited-" + run, "FREE");
        String path = "/api/v1/tenants/" + tenant;

        Api.Response raised = api.send("PUT", path + "/overrides", Tokens.platformAdmin(admin),
                "{\"limits\":{\"EVENTS\":3},\"reason\":\"Contract 7\"}");
        assertThat(raised.status()).as(raised.body()).isEqualTo(200);
        Api.Response refused = api.post(path + "/usage", Tokens.platformAdmin(admin), "{\"metric\":\"EVENTS\",\"delta\":4}");
        assertThat(refused.isProblem(409, "limit-exceeded")).as(refused.body()).isTrue();
        Api.Response own = api.post(path + "/usage", Tokens.user(owner), "{\"metric\":\"EVENTS\",\"delta\":1}");
        assertThat(own.status()).as(own.body()).isEqualTo(200);

        assertRows(UUID.fromString(tenant),
                new Row(admin, "command", "PUT", path + "/overrides", 200),
                new Row(admin, "command", "POST", path + "/usage", 409));
        Instant recorded = jdbc.queryForObject("SELECT at FROM platform_admin_access WHERE tenant_id = ? AND method = 'PUT'",
                Timestamp.class, UUID.fromString(tenant)).toInstant();
        Instant overridden = Instant.parse(jdbc.queryForObject("""
                SELECT time_stamp FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE '%.LimitsOverridden'""",
                String.class, tenant));
        assertThat(recorded).as("recorded before the command was handled").isBefore(overridden);
    }

    @Test
    void an_attempt_on_a_tenant_that_does_not_exist_is_recorded_with_its_answer() {
        UUID nobody = UUID.randomUUID();

        Api.Response answer = api.post("/api/v1/tenants/" + nobody + "/suspend", Tokens.platformAdmin(admin), null);

        assertThat(answer.isProblem(404, "not-found")).as(answer.body()).isTrue();
        assertRows(nobody, new Row(admin, "command", "POST", "/api/v1/tenants/" + nobody + "/suspend", 404));
    }

    @Test
    void an_import_is_recorded_for_itself_and_for_each_tenant_it_created() {
        String file = """
                {"source": "legacy-%1$s", "tenants": [
                  {"externalId": "org-1", "name": "Imported %1$s", "slug": "imported-%1$s", "plan": "FREE",
                   "createdAt": "2021-05-04T09:30:00Z", "members": [{"userId": "alice-%1$s", "role": "OWNER"}]},
                  {"externalId": "org-2", "name": "Invalid %1$s", "slug": "invalid-%1$s", "plan": "GOLD",
                   "createdAt": "2021-05-04T09:30:00Z", "members": [{"userId": "bob-%1$s", "role": "OWNER"}]}]}"""
                .formatted(run);

        Api.Response imported = api.post("/api/v1/admin/imports", Tokens.platformAdmin(admin), file);

        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        UUID tenant = UUID.fromString(imported.json().at("/results/0/tenantId").asText());
        assertRows(tenant, new Row(admin, "command", "POST", "/api/v1/admin/imports", 200));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM platform_admin_access WHERE admin = ? AND tenant_id IS NULL",
                Long.class, admin)).as("the import's own row, written before its tenants existed").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM platform_admin_access WHERE admin = ?", Long.class, admin))
                .as("nothing for the invalid row").isEqualTo(2);
    }

    /**
     * The tenant's rows, oldest first. The status is set after the answer was written, so a client may see the answer
     * a moment before it: wait a little for it.
     */
    private void assertRows(UUID tenant, Row... expected) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(rows(tenant)).containsExactly(expected));
    }

    private List<Row> rows(UUID tenant) {
        return jdbc.query("SELECT admin, service, method, path, status FROM platform_admin_access WHERE tenant_id = ? ORDER BY at",
                (rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, Integer.class)), tenant);
    }
}

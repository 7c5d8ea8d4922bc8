package com.hackops.query.apikeys;

import com.fasterxml.jackson.databind.JsonNode;
import com.hackops.events.apikey.ApiKeySecrets;
import com.hackops.events.membership.MemberAdded;
import com.hackops.events.types.Metric;
import com.hackops.events.types.Role;
import com.hackops.platform.security.Tokens;
import com.hackops.query.support.Api;
import com.hackops.query.support.EventStore;
import com.hackops.query.support.History;
import com.hackops.query.support.QueryIntegrationTest;
import com.hackops.query.support.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * API keys on the query side: a key with the read scope reads its own tenant's profile and usage, nothing of any
 * other tenant, none of the person-only endpoints, and nothing once revoked; OWNERs and ADMINs list keys without
 * their secrets. The keys are rows of the command side's {@code api_key} table in the test event store.
 */
@QueryIntegrationTest
class ApiKeyReadsIT {

    @LocalServerPort
    int port;

    private Api api;
    private EventStore store;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        store = new EventStore();
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private History tenantWithMembers() {
        History h = History.created("Keys Co");
        h.add(new MemberAdded(h.id, "admin-" + h.tenant, null, Role.ADMIN, h.owner));
        h.add(new MemberAdded(h.id, "member-" + h.tenant, null, Role.MEMBER, h.owner));
        h.add(h.usage(Metric.PARTICIPANTS, 7, 7, Instant.now()));
        store.record(h, 0, Instant.now());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.get("/api/v1/tenants/" + h.tenant + "?minVersion=" + h.lastSequence(), Tokens.user(h.owner)).status() == 200);
        return h;
    }

    private static String issue(UUID tenant, String name, String... scopes) {
        String secret = ApiKeySecrets.newSecret();
        try (Connection events = DriverManager.getConnection(TestInfrastructure.eventStoreUrl(), "hackops_owner", "hackops_owner");
             PreparedStatement insert = events.prepareStatement("""
                     INSERT INTO api_key (key_id, tenant_id, secret_hash, shown, name, scopes, created_by)
                     VALUES (?, ?, ?, ?, ?, ?, 'owner')""")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, tenant);
            insert.setBytes(3, ApiKeySecrets.hash(secret));
            insert.setString(4, ApiKeySecrets.shownPart(secret));
            insert.setString(5, name);
            insert.setArray(6, events.createArrayOf("text", scopes));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return secret;
    }

    private static void revoke(String secret) throws SQLException {
        try (Connection events = DriverManager.getConnection(TestInfrastructure.eventStoreUrl(), "hackops_owner", "hackops_owner");
             PreparedStatement update = events.prepareStatement(
                     "UPDATE api_key SET revoked_at = now(), revoked_by = 'owner' WHERE secret_hash = ?")) {
            update.setBytes(1, ApiKeySecrets.hash(secret));
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void a_read_key_reads_its_tenant_and_nothing_else() throws SQLException {
        History h = tenantWithMembers();
        History other = tenantWithMembers();
        String path = "/api/v1/tenants/" + h.tenant;
        String key = issue(h.tenant, "dashboard feed", "READ");

        for (String readable : List.of(path, path + "/usage", path + "/usage/history?metric=PARTICIPANTS",
                path + "/usage/alerts", path + "/plans")) {
            Api.Response read = api.get(readable, key);
            assertThat(read.status()).as(readable + " -> " + read.body()).isEqualTo(200);
        }
        assertThat(api.get(path + "/usage", key).json().get("metrics").toString()).contains("PARTICIPANTS");

        // another tenant: the same answer as a tenant that does not exist
        Api.Response foreign = api.get("/api/v1/tenants/" + other.tenant + "/usage", key);
        Api.Response missing = api.get("/api/v1/tenants/" + UUID.randomUUID() + "/usage", key);
        assertThat(foreign.isProblem(404, "not-found")).as(foreign.body()).isTrue();
        assertThat(missing.isProblem(404, "not-found")).as(missing.body()).isTrue();

        // endpoints for people only
        for (String personal : List.of(path + "/members", path + "/billing/statement?period=2026-11", path + "/webhooks",
                path + "/api-keys", "/api/v1/tenants", "/api/v1/admin/statistics")) {
            Api.Response refused = api.get(personal, key);
            assertThat(refused.isProblem(403, "forbidden")).as(personal + " -> " + refused.body()).isTrue();
        }

        revoke(key);
        Api.Response revoked = api.get(path + "/usage", key);
        assertThat(revoked.isProblem(401, "unauthorized")).as(revoked.body()).isTrue();
    }

    @Test
    void a_key_without_the_read_scope_reads_nothing() {
        History h = tenantWithMembers();
        String key = issue(h.tenant, "scorer", "USAGE_WRITE");
        Api.Response refused = api.get("/api/v1/tenants/" + h.tenant + "/usage", key);
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        Api.Response garbage = api.get("/api/v1/tenants/" + h.tenant + "/usage", "hk_" + "x".repeat(43));
        assertThat(garbage.isProblem(401, "unauthorized")).as(garbage.body()).isTrue();
    }

    @Test
    void owners_and_admins_list_keys_without_secrets() {
        History h = tenantWithMembers();
        String first = issue(h.tenant, "first", "READ");
        String second = issue(h.tenant, "second", "USAGE_WRITE", "READ");
        String path = "/api/v1/tenants/" + h.tenant + "/api-keys";

        for (String manager : List.of(h.owner, "admin-" + h.tenant)) {
            Api.Response listed = api.get(path, Tokens.user(manager));
            assertThat(listed.status()).as(listed.body()).isEqualTo(200);
            JsonNode keys = listed.json().get("keys");
            assertThat(keys).hasSize(2);
            assertThat(keys.get(0).get("name").asText()).isEqualTo("second");
            assertThat(keys.get(0).get("scopes").toString()).isEqualTo("[\"usage:write\",\"read\"]");
            assertThat(keys.get(0).get("shown").asText()).isEqualTo(ApiKeySecrets.shownPart(second));
            assertThat(listed.body()).doesNotContain(first.substring(ApiKeySecrets.SHOWN))
                    .doesNotContain(second.substring(ApiKeySecrets.SHOWN)).doesNotContain("hash");
        }
        assertThat(api.get(path, Tokens.user("member-" + h.tenant)).isProblem(403, "forbidden")).isTrue();
        History other = tenantWithMembers();
        assertThat(api.get(path, Tokens.user(other.owner)).isProblem(404, "not-found")).isTrue();
        assertThat(api.get(path, Tokens.platformAdmin("ops")).status()).isEqualTo(200);
    }
}

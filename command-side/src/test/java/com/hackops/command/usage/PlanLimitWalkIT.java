package com.hackops.command.usage;

import com.hackops.command.support.Api;
import com.hackops.command.support.IntegrationTest;
import com.hackops.platform.security.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The walk a person takes through the README: hit the FREE limit, upgrade, hit it again, downgrade. */
@IntegrationTest
class PlanLimitWalkIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    private Api api;
    private String token;
    private String tenant;

    @BeforeEach
    void freeTenant() {
        api = new Api(port);
        String owner = "walker-" + UUID.randomUUID();
        token = Tokens.user(owner);
        tenant = api.createTenant(owner, Api.slug("walk-"), "FREE");
    }

    @Test
    void free_allows_one_event_upgrade_allows_five_and_a_downgrade_needs_force() {
        assertThat(track("EVENTS", 1).json().get("used").asLong()).isEqualTo(1);
        Api.Response second = track("EVENTS", 1);
        assertThat(second.isProblem(409, "limit-exceeded")).as(second.body()).isTrue();
        assertThat(second.json().get("limit").asLong()).isEqualTo(1);

        assertThat(plan("{\"plan\":\"STARTER\"}").status()).isEqualTo(200);
        for (int i = 2; i <= 5; i++) {
            Api.Response accepted = track("EVENTS", 1);
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
            assertThat(accepted.json().get("used").asLong()).isEqualTo(i);
            assertThat(accepted.json().get("limit").asLong()).isEqualTo(5);
        }
        assertThat(track("EVENTS", 1).isProblem(409, "limit-exceeded")).isTrue();

        Api.Response blocked = plan("{\"plan\":\"FREE\"}");
        assertThat(blocked.isProblem(409, "plan-downgrade-blocked")).as(blocked.body()).isTrue();
        assertThat(blocked.json().get("exceeded").get(0).get("metric").asText()).isEqualTo("EVENTS");
        assertThat(blocked.json().get("exceeded").get(0).get("used").asLong()).isEqualTo(5);

        assertThat(plan("{\"plan\":\"FREE\",\"allowOverLimit\":true}").status()).isEqualTo(200);
        assertThat(track("EVENTS", 1).isProblem(409, "limit-exceeded")).isTrue();
        Api.Response decrement = track("EVENTS", -1);
        assertThat(decrement.status()).isEqualTo(200);
        assertThat(decrement.json().get("used").asLong()).isEqualTo(4);

        assertThat(eventsOfType("UsageTracked")).isEqualTo(6);
        assertThat(eventsOfType("PlanChanged")).isEqualTo(2);
        assertThat(eventsOfType("UsageOverLimitEntered")).isEqualTo(1);
    }

    @Test
    void usage_never_goes_below_zero_and_a_batch_is_decided_in_order() {
        assertThat(track("PARTICIPANTS", -5).json().get("used").asLong()).isZero();
        Api.Response batch = api.post("/api/v1/tenants/" + tenant + "/usage/batch", token, """
                {"items":[{"metric":"PARTICIPANTS","delta":30},{"metric":"PARTICIPANTS","delta":30},
                          {"metric":"PARTICIPANTS","delta":20},{"metric":"STORAGE_BYTES","delta":1000}]}""");
        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        assertThat(batch.json().get("accepted").asInt()).isEqualTo(3);
        assertThat(batch.json().get("items").get(1).get("refusal").asText()).isEqualTo("limit-exceeded");
        assertThat(batch.json().get("items").get(2).get("used").asLong()).isEqualTo(50);
        assertThat(eventsOfType("UsageTracked")).as("accepted items are recorded together").isEqualTo(1);
    }

    @Test
    void a_suspended_tenant_refuses_increments_and_member_changes_but_takes_decrements() {
        track("PARTICIPANTS", 10);
        assertThat(api.post("/api/v1/tenants/" + tenant + "/suspend", token, null).status()).isEqualTo(200);
        assertThat(track("PARTICIPANTS", 1).isProblem(409, "tenant-suspended")).isTrue();
        assertThat(track("PARTICIPANTS", -1).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/tenants/" + tenant + "/members", token,
                "{\"userId\":\"late\",\"role\":\"VIEWER\"}").isProblem(409, "tenant-suspended")).isTrue();
        assertThat(api.post("/api/v1/tenants/" + tenant + "/reactivate", token, null).status()).isEqualTo(200);
        assertThat(track("PARTICIPANTS", 1).status()).isEqualTo(200);

        assertThat(api.send("DELETE", "/api/v1/tenants/" + tenant, token, null).status()).isEqualTo(200);
        assertThat(track("PARTICIPANTS", -1).isProblem(409, "tenant-archived")).isTrue();
        assertThat(plan("{\"plan\":\"STARTER\"}").isProblem(409, "tenant-archived")).isTrue();
    }

    @Test
    void slugs_are_unique_across_tenants_and_a_rename_frees_the_old_one() {
        String other = "other-" + UUID.randomUUID();
        String slug = Api.slug("slug-");
        String otherTenant = api.createTenant(other, slug, "FREE");
        Api.Response taken = api.send("PATCH", "/api/v1/tenants/" + tenant, token, "{\"slug\":\"" + slug + "\"}");
        assertThat(taken.isProblem(409, "slug-taken")).as(taken.body()).isTrue();
        Api.Response duplicate = api.post("/api/v1/tenants", token,
                "{\"name\":\"Copy\",\"slug\":\"" + slug + "\"}");
        assertThat(duplicate.isProblem(409, "slug-taken")).isTrue();

        assertThat(api.send("PATCH", "/api/v1/tenants/" + otherTenant, Tokens.user(other),
                "{\"slug\":\"" + slug + "-renamed\"}").status()).isEqualTo(200);
        assertThat(api.send("PATCH", "/api/v1/tenants/" + tenant, token, "{\"slug\":\"" + slug + "\"}").status())
                .isEqualTo(200);
    }

    private Api.Response track(String metric, long delta) {
        return api.post("/api/v1/tenants/" + tenant + "/usage", token,
                "{\"metric\":\"%s\",\"delta\":%d}".formatted(metric, delta));
    }

    private Api.Response plan(String body) {
        return api.post("/api/v1/tenants/" + tenant + "/plan", token, body);
    }

    private int eventsOfType(String simpleName) {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE ?",
                Integer.class, tenant, "%." + simpleName);
    }
}

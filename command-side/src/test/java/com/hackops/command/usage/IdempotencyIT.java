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

@IntegrationTest
class IdempotencyIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    private Api api;
    private String token;
    private String tenant;

    @BeforeEach
    void tenant() {
        api = new Api(port);
        String owner = "idem-" + UUID.randomUUID();
        token = Tokens.user(owner);
        tenant = api.createTenant(owner, Api.slug("idem-"), "STARTER");
    }

    @Test
    void the_same_key_and_body_answers_the_original_response_and_records_nothing_new() {
        Api.Response first = usage("/usage", "{\"metric\":\"PARTICIPANTS\",\"delta\":7}", "key-1");
        Api.Response again = usage("/usage", "{ \"delta\": 7, \"metric\": \"PARTICIPANTS\" }", "key-1");

        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(first.header("Idempotent-Replayed")).isEqualTo("false");
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(usageEvents()).isEqualTo(1);
    }

    @Test
    void the_same_key_with_another_body_is_refused_with_422() {
        usage("/usage", "{\"metric\":\"PARTICIPANTS\",\"delta\":7}", "key-2");
        Api.Response other = usage("/usage", "{\"metric\":\"PARTICIPANTS\",\"delta\":8}", "key-2");
        assertThat(other.isProblem(422, "idempotency-mismatch")).as(other.body()).isTrue();
        Api.Response batchWithSameKey = usage("/usage/batch", "{\"items\":[{\"metric\":\"PARTICIPANTS\",\"delta\":7}]}", "key-2");
        assertThat(batchWithSameKey.isProblem(422, "idempotency-mismatch")).isTrue();
        assertThat(usageEvents()).isEqualTo(1);
    }

    @Test
    void keys_are_scoped_per_tenant() {
        String otherOwner = "idem-other-" + UUID.randomUUID();
        String otherTenant = api.createTenant(otherOwner, Api.slug("idem-o-"), "FREE");
        usage("/usage", "{\"metric\":\"PARTICIPANTS\",\"delta\":1}", "shared-key");
        Api.Response elsewhere = api.post("/api/v1/tenants/" + otherTenant + "/usage", Tokens.user(otherOwner),
                "{\"metric\":\"PARTICIPANTS\",\"delta\":1}", "Idempotency-Key", "shared-key");
        assertThat(elsewhere.status()).isEqualTo(200);
        assertThat(elsewhere.header("Idempotent-Replayed")).isEqualTo("false");
    }

    @Test
    void a_refused_call_leaves_no_key_behind_so_it_can_be_retried() {
        Api.Response refused = usage("/usage", "{\"metric\":\"EVENTS\",\"delta\":6}", "key-3");
        assertThat(refused.isProblem(409, "limit-exceeded")).isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM usage_idempotency_key WHERE idempotency_key = 'key-3'",
                Integer.class)).isZero();
        api.post("/api/v1/tenants/" + tenant + "/plan", token, "{\"plan\":\"PROFESSIONAL\"}");
        assertThat(usage("/usage", "{\"metric\":\"EVENTS\",\"delta\":6}", "key-3").status()).isEqualTo(200);
    }

    @Test
    void a_batch_replay_returns_every_outcome_again() {
        String body = "{\"items\":[{\"metric\":\"EVENTS\",\"delta\":5},{\"metric\":\"EVENTS\",\"delta\":1}]}";
        Api.Response first = usage("/usage/batch", body, "batch-1");
        Api.Response again = usage("/usage/batch", body, "batch-1");
        assertThat(first.json().get("accepted").asInt()).isEqualTo(1);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(usageEvents()).isEqualTo(1);
    }

    @Test
    void a_malformed_key_is_a_validation_error() {
        Api.Response bad = usage("/usage", "{\"metric\":\"EVENTS\",\"delta\":1}", "x".repeat(300));
        assertThat(bad.isProblem(400, "invalid-command")).as(bad.body()).isTrue();
        assertThat(usageEvents()).isZero();
    }

    private Api.Response usage(String path, String body, String key) {
        return api.post("/api/v1/tenants/" + tenant + path, token, body, "Idempotency-Key", key);
    }

    private int usageEvents() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE '%.UsageTracked'",
                Integer.class, tenant);
    }
}

package com.hackops.command.web;

import com.hackops.command.support.Api;
import com.hackops.command.support.IntegrationTest;
import com.hackops.platform.security.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever a client sends, it gets a 4xx problem document that says what was wrong, and nothing is recorded. */
@IntegrationTest
class BadInputIT {

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
        String owner = "bad-" + UUID.randomUUID();
        token = Tokens.user(owner);
        tenant = api.createTenant(owner, Api.slug("bad-"), "STARTER");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON             | /usage       | {"metric":                                              | 400 | malformed-request
            unknown metric             | /usage       | {"metric":"BANANAS","delta":1}                          | 400 | malformed-request
            unknown field              | /usage       | {"metric":"EVENTS","delta":1,"tenantId":"x"}            | 400 | malformed-request
            huge number                | /usage       | {"metric":"EVENTS","delta":123456789012345678901234567890} | 400 | malformed-request
            delta beyond the bound     | /usage       | {"metric":"EVENTS","delta":9000000000000000000}         | 400 | validation
            fractional delta           | /usage       | {"metric":"EVENTS","delta":1.5}                         | 400 | malformed-request
            delta as text              | /usage       | {"metric":"EVENTS","delta":"one"}                       | 400 | malformed-request
            missing delta              | /usage       | {"metric":"EVENTS"}                                     | 400 | validation
            empty object               | /usage       | {}                                                      | 400 | validation
            JSON array                 | /usage       | []                                                      | 400 | malformed-request
            ADMINS reported            | /usage       | {"metric":"ADMINS","delta":1}                           | 400 | invalid-command
            future occurredAt          | /usage       | {"metric":"EVENTS","delta":1,"occurredAt":"2999-01-01T00:00:00Z"} | 400 | invalid-command
            occurredAt before 1970     | /usage       | {"metric":"EVENTS","delta":1,"occurredAt":"0000-06-01T00:00:00Z"} | 400 | invalid-command
            batch item before 1970     | /usage/batch | {"items":[{"metric":"EVENTS","delta":1,"occurredAt":"1969-12-31T23:59:59Z"}]} | 400 | invalid-command
            bad occurredAt             | /usage       | {"metric":"EVENTS","delta":1,"occurredAt":"yesterday"}  | 400 | malformed-request
            empty batch                | /usage/batch | {"items":[]}                                            | 400 | validation
            null batch item            | /usage/batch | {"items":[null]}                                        | 400 | validation
            unknown plan               | /plan        | {"plan":"PLATINUM"}                                     | 400 | malformed-request
            missing plan               | /plan        | {"allowOverLimit":true}                                 | 400 | validation
            unknown role               | /members     | {"userId":"u","role":"KING"}                            | 400 | malformed-request
            bad e-mail                 | /members     | {"userId":"u","email":"not-an-email","role":"VIEWER"}   | 400 | validation
            blank user id              | /members     | {"userId":" ","role":"VIEWER"}                          | 400 | validation
            NUL in a user id           | /members     | {"userId":"a\\u0000b","role":"VIEWER"}               | 400 | malformed-request
            NUL in an API key's name   | /api-keys    | {"name":"EVENTS\\u0000","scopes":["read"]}           | 400 | malformed-request
            control in a display name  | /members     | {"userId":"u","displayName":"a\\u0007","role":"VIEWER"} | 400 | validation
            """)
    void bad_bodies_get_a_problem_document(String description, String path, String body, int status, String type) {
        Api.Response response = api.post("/api/v1/tenants/" + tenant + path, token, body);
        assertThat(response.isProblem(status, type)).as(response.status() + " " + response.body()).isTrue();
        assertThat(response.json().path("detail").asText()).isNotBlank();
        assertThat(eventsAfterCreation()).isZero();
    }

    /**
     * PostgreSQL's text cannot hold U+0000: such text is refused at the door wherever it comes in — a body's string
     * (an API key named "EVENTS\u0000" was a 500, found by GeneratedBadInputIT; a tenant name would have reached
     * an event the read models could not store) or a query parameter — and the answer says why.
     */
    @Test
    void the_nul_character_is_refused_in_any_text_and_the_answer_says_so() {
        Api.Response name = api.post("/api/v1/tenants", token, "{\"name\":\"A\\u0000B\",\"slug\":\"nul-name\"}");
        assertThat(name.isProblem(400, "malformed-request")).as(name.body()).isTrue();
        assertThat(name.json().path("detail").asText()).contains("'name'").contains("NUL");
        Api.Response key = api.post("/api/v1/tenants/" + tenant + "/api-keys", token, "{\"name\":\"EVENTS\\u0000\",\"scopes\":[\"read\"]}");
        assertThat(key.isProblem(400, "malformed-request")).as(key.body()).isTrue();
        assertThat(key.json().path("detail").asText()).contains("NUL");
        Api.Response reason = api.send("DELETE", "/api/v1/tenants/" + tenant + "/overrides?reason=a%00b",
                Tokens.platformAdmin("admin-" + UUID.randomUUID()), null);
        assertThat(reason.isProblem(400, "validation")).as(reason.body()).isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM api_key WHERE tenant_id = ?::uuid", Long.class, tenant)).isZero();
        assertThat(eventsAfterCreation()).isZero();
    }

    /** A batch refused for its shape names each bad item by its index, so the client can mend exactly those. */
    @Test
    void a_batch_with_invalid_items_names_each_of_them() {
        Api.Response response = api.post("/api/v1/tenants/" + tenant + "/usage/batch", token, """
                {"items":[{"metric":"EVENTS","delta":1},{"metric":"PARTICIPANTS","delta":-1},
                          {"metric":"EVENTS","delta":9000000000000000000},{"delta":1},null,
                          {"metric":"STORAGE_BYTES","delta":-1000000000000001}]}""");
        assertThat(response.isProblem(400, "validation")).as(response.body()).isTrue();
        List<String> errors = new ArrayList<>();
        response.json().path("errors").forEach(error ->
                errors.add(error.path("field").asText() + ": " + error.path("message").asText()));
        assertThat(errors).containsExactlyInAnyOrder(
                "items[2].delta: must be less than or equal to 1000000000000000",
                "items[3].metric: must not be null",
                "items[4]: must not be null",
                "items[5].delta: must be greater than or equal to -1000000000000000");
        assertThat(eventsAfterCreation()).isZero();
    }

    @Test
    void an_empty_body_is_a_malformed_request() {
        assertThat(api.post("/api/v1/tenants/" + tenant + "/usage", token, "").isProblem(400, "malformed-request")).isTrue();
    }

    @Test
    void the_wrong_content_type_is_415() {
        Api.Response response = api.post("/api/v1/tenants/" + tenant + "/usage", token,
                "{\"metric\":\"EVENTS\",\"delta\":1}", "Content-Type", "text/plain");
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void bad_tenant_creation_input_is_a_validation_error() {
        for (String body : new String[] {"{\"name\":\"\",\"slug\":\"ok-slug\"}", "{\"name\":\"A\",\"slug\":\"Not A Slug\"}",
                "{\"name\":\"A\",\"slug\":\"ab\"}", "{\"name\":\"A\"}", "{\"name\":\"" + "n".repeat(121) + "\",\"slug\":\"long-name\"}"}) {
            Api.Response response = api.post("/api/v1/tenants", token, body);
            assertThat(response.isProblem(400, "validation")).as(body + " -> " + response.body()).isTrue();
        }
        Api.Response empty = api.send("PATCH", "/api/v1/tenants/" + tenant, token, "{}");
        assertThat(empty.isProblem(400, "invalid-command")).as(empty.body()).isTrue();
    }

    @Test
    void a_missing_or_invalid_token_is_401_and_a_malformed_tenant_id_is_404() {
        Api.Response anonymous = api.post("/api/v1/tenants/" + tenant + "/usage", null, "{\"metric\":\"EVENTS\",\"delta\":1}");
        assertThat(anonymous.isProblem(401, "unauthorized")).isTrue();
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(api.post("/api/v1/tenants/" + tenant + "/usage", "not.a.jwt", "{}").status()).isEqualTo(401);
        assertThat(api.post("/api/v1/tenants/not-a-uuid/usage", token, "{\"metric\":\"EVENTS\",\"delta\":1}")
                .isProblem(404, "not-found")).isTrue();
        assertThat(api.post("/api/v1/tenants/" + UUID.randomUUID() + "/usage", token, "{\"metric\":\"EVENTS\",\"delta\":1}")
                .isProblem(404, "not-found")).isTrue();
    }

    @Test
    void unknown_paths_and_methods_are_refused_without_a_5xx() {
        assertThat(api.send("GET", "/api/v1/tenants/" + tenant + "/usage", token, null).status()).isEqualTo(405);
        assertThat(api.send("GET", "/nothing-here", token, null).status()).isIn(401, 403, 404);
    }

    private int eventsAfterCreation() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type NOT LIKE '%.TenantCreated' AND payload_type NOT LIKE '%.MemberAdded' AND payload_type NOT LIKE '%.UsageThresholdCrossed'",
                Integer.class, tenant);
    }
}

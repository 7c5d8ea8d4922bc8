package com.hackops.command.apikeys;

import com.fasterxml.jackson.databind.JsonNode;
import com.hackops.command.support.Api;
import com.hackops.command.support.IntegrationTest;
import com.hackops.events.apikey.ApiKeySecrets;
import com.hackops.platform.security.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** API keys through HTTP: issue, use, scopes, tenant boundary, revocation, storage of the secret. */
@IntegrationTest
class ApiKeyIT {

    private static final String USAGE = "{\"metric\":\"PARTICIPANTS\",\"delta\":1}";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private Api api() {
        return new Api(port);
    }

    private record Tenant(String id, String owner) {
        String path() {
            return "/api/v1/tenants/" + id;
        }
    }

    private Tenant tenant() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String owner = "owner-" + run;
        return new Tenant(api().createTenant(owner, "keys-" + run, "STARTER"), owner);
    }

    private JsonNode issue(Tenant tenant, String token, String... scopes) {
        Api.Response issued = api().post(tenant.path() + "/api-keys", token,
                "{\"name\":\"scorer\",\"scopes\":[%s]}".formatted(String.join(",",
                        Arrays.stream(scopes).map(s -> "\"" + s + "\"").toList())));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return issued.json();
    }

    @Test
    void a_usage_write_key_reports_usage_of_its_tenant_and_nothing_else() {
        Tenant tenant = tenant();
        JsonNode key = issue(tenant, Tokens.user(tenant.owner()), "usage:write");
        String secret = key.get("secret").asText();
        assertThat(ApiKeySecrets.looksLikeSecret(secret)).isTrue();
        assertThat(key.get("shown").asText()).isEqualTo(secret.substring(0, ApiKeySecrets.SHOWN));

        Api.Response tracked = api().post(tenant.path() + "/usage", secret, USAGE);
        assertThat(tracked.status()).as(tracked.body()).isEqualTo(200);
        Api.Response batch = api().post(tenant.path() + "/usage/batch", secret,
                "{\"items\":[{\"metric\":\"EVENTS\",\"delta\":1}]}");
        assertThat(batch.status()).as(batch.body()).isIn(200, 207);

        // the events name the key as the reporter
        String reporter = jdbc.queryForObject("""
                SELECT convert_from(payload, 'UTF8')::jsonb ->> 'trackedBy' FROM domain_event_entry
                WHERE aggregate_identifier = ? AND payload_type LIKE '%UsageTracked' ORDER BY sequence_number LIMIT 1""",
                String.class, tenant.id());
        assertThat(reporter).isEqualTo("apikey:" + key.get("keyId").asText());

        // another tenant: the same 404 as a tenant that does not exist
        Tenant other = tenant();
        Api.Response foreign = api().post(other.path() + "/usage", secret, USAGE);
        Api.Response missing = api().post("/api/v1/tenants/" + UUID.randomUUID() + "/usage", secret, USAGE);
        assertThat(foreign.isProblem(404, "not-found")).as(foreign.body()).isTrue();
        assertThat(missing.isProblem(404, "not-found")).as(missing.body()).isTrue();
        assertThat(foreign.body()).isEqualTo(missing.body().replace(missing.json().path("instance").asText(),
                foreign.json().path("instance").asText()));

        // endpoints that are not usage reports refuse keys whatever their scopes
        for (Api.Response refused : List.of(
                api().send("PATCH", tenant.path(), secret, "{\"name\":\"Renamed\"}"),
                api().post(tenant.path() + "/api-keys", secret, "{\"name\":\"more\",\"scopes\":[\"read\"]}"),
                api().post(tenant.path() + "/members", secret, "{\"userId\":\"mallory\",\"role\":\"OWNER\"}"),
                api().post("/api/v1/tenants", secret, "{\"name\":\"Mine\",\"slug\":\"mine-" + UUID.randomUUID()
                        .toString().substring(0, 8) + "\",\"plan\":\"STARTER\"}"))) {
            assertThat(refused.isProblem(403, "forbidden")).as(refused.body()).isTrue();
        }
    }

    @Test
    void a_read_only_key_may_not_report_usage() {
        Tenant tenant = tenant();
        String secret = issue(tenant, Tokens.user(tenant.owner()), "read").get("secret").asText();
        Api.Response refused = api().post(tenant.path() + "/usage", secret, USAGE);
        assertThat(refused.isProblem(403, "forbidden")).as(refused.body()).isTrue();
    }

    @Test
    void revocation_takes_effect_with_the_answer_and_revoking_again_changes_nothing() {
        Tenant tenant = tenant();
        JsonNode key = issue(tenant, Tokens.user(tenant.owner()), "usage:write", "read");
        String secret = key.get("secret").asText();
        assertThat(api().post(tenant.path() + "/usage", secret, USAGE).status()).isEqualTo(200);

        String revokePath = tenant.path() + "/api-keys/" + key.get("keyId").asText();
        Api.Response revoked = api().send("DELETE", revokePath, Tokens.user(tenant.owner()), null);
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        Api.Response after = api().post(tenant.path() + "/usage", secret, USAGE);
        assertThat(after.isProblem(401, "unauthorized")).as(after.body()).isTrue();

        long version = revoked.json().get("version").asLong();
        Api.Response again = api().send("DELETE", revokePath, Tokens.user(tenant.owner()), null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("version").asLong()).isEqualTo(version);
        Api.Response unknown = api().send("DELETE", tenant.path() + "/api-keys/" + UUID.randomUUID(),
                Tokens.user(tenant.owner()), null);
        assertThat(unknown.isProblem(404, "api-key-not-found")).as(unknown.body()).isTrue();
    }

    @Test
    void only_owners_and_admins_manage_keys_and_a_foreign_owner_finds_no_tenant() {
        Tenant tenant = tenant();
        for (String[] member : List.of(new String[] {"admin-of-" + tenant.id(), "ADMIN"},
                new String[] {"member-of-" + tenant.id(), "MEMBER"})) {
            assertThat(api().post(tenant.path() + "/members", Tokens.user(tenant.owner()),
                    "{\"userId\":\"%s\",\"role\":\"%s\"}".formatted(member[0], member[1])).status()).isEqualTo(201);
        }
        issue(tenant, Tokens.user("admin-of-" + tenant.id()), "read");
        String body = "{\"name\":\"x\",\"scopes\":[\"read\"]}";
        assertThat(api().post(tenant.path() + "/api-keys", Tokens.user("member-of-" + tenant.id()), body)
                .isProblem(403, "forbidden")).isTrue();
        Tenant other = tenant();
        assertThat(api().post(tenant.path() + "/api-keys", Tokens.user(other.owner()), body)
                .isProblem(404, "not-found")).isTrue();
    }

    @Test
    void the_secret_is_stored_nowhere_only_its_hash() {
        Tenant tenant = tenant();
        JsonNode key = issue(tenant, Tokens.user(tenant.owner()), "usage:write");
        String secret = key.get("secret").asText();
        byte[] stored = jdbc.queryForObject("SELECT secret_hash FROM api_key WHERE key_id = ?", byte[].class,
                UUID.fromString(key.get("keyId").asText()));
        assertThat(HexFormat.of().formatHex(stored)).isEqualTo(HexFormat.of().formatHex(ApiKeySecrets.hash(secret)));
        String secretPart = secret.substring(ApiKeySecrets.SHOWN);
        Long inEvents = jdbc.queryForObject("""
                SELECT count(*) FROM domain_event_entry WHERE position(convert_to(?, 'UTF8') IN payload) > 0""",
                Long.class, secretPart);
        Long inTables = jdbc.queryForObject("""
                SELECT count(*) FROM api_key WHERE shown LIKE '%' || ? || '%' OR name LIKE '%' || ? || '%'""",
                Long.class, secretPart, secretPart);
        assertThat(inEvents).isZero();
        assertThat(inTables).isZero();
    }

    @Test
    void bad_requests_are_refused_clearly() {
        Tenant tenant = tenant();
        String owner = Tokens.user(tenant.owner());
        for (String body : List.of("{\"name\":\"x\",\"scopes\":[\"admin\"]}", "{\"name\":\"x\",\"scopes\":[]}",
                "{\"name\":\"\",\"scopes\":[\"read\"]}", "{\"scopes\":[\"read\"]}")) {
            Api.Response refused = api().post(tenant.path() + "/api-keys", owner, body);
            assertThat(refused.status()).as(body + " -> " + refused.body()).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        Api.Response malformed = api().post(tenant.path() + "/usage", "hk_not-a-real-key", USAGE);
        assertThat(malformed.isProblem(401, "unauthorized")).as(malformed.body()).isTrue();
        Api.Response unknown = api().post(tenant.path() + "/usage", ApiKeySecrets.newSecret(), USAGE);
        assertThat(unknown.isProblem(401, "unauthorized")).as(unknown.body()).isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM api_key WHERE tenant_id = ?", Long.class,
                UUID.fromString(tenant.id()))).isZero();
    }
}

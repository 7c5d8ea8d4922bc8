package com.hackops.command.personaldata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hackops.command.support.Api;
import com.hackops.command.support.IntegrationTest;
import com.hackops.events.personaldata.PersonKey;
import com.hackops.events.personaldata.PersonalData;
import com.hackops.events.personaldata.SealedPersonalData;
import com.hackops.events.types.TenantId;
import com.hackops.platform.security.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crypto-shredding through the real command API and PostgreSQL: e-mails and display names (from the request, the
 * creator's token, an import) are stored only sealed, with one key per person in {@code person_key}; the erasure
 * endpoint records the erasure and deletes the key in one transaction, is idempotent, and admits OWNER, ADMIN,
 * platform admins and the person themselves.
 */
@IntegrationTest
class PersonalDataIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private Api api;
    private String run;
    private String owner;
    private String ownerToken;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        run = UUID.randomUUID().toString().substring(0, 8);
        owner = "owner-" + run;
        ownerToken = Tokens.sign(Tokens.claims(owner).claim("name", "Olu Owner " + run).build());
    }

    @Test
    void personal_data_is_stored_sealed_and_an_erasure_deletes_the_key_with_the_event_recording_it() {
        String tenant = created();
        String email = "nia-" + run + "@secret.example";
        String name = "Nia Newcomer " + run;
        Api.Response added = api.post(members(tenant), ownerToken,
                "{\"userId\":\"nia-%s\",\"email\":\"%s\",\"displayName\":\"%s\",\"role\":\"MEMBER\"}".formatted(run, email, name));
        assertThat(added.status()).as(added.body()).isEqualTo(201);

        assertThat(storedPayloads(tenant)).as("the event store").doesNotContain(email, name, owner + "@example.com",
                "Olu Owner", base64(email));
        assertThat(opened(tenant, "nia-" + run)).isEqualTo(new PersonalData(email, name));
        assertThat(opened(tenant, owner)).as("the creator: e-mail and name of the token")
                .isEqualTo(new PersonalData(owner + "@example.com", "Olu Owner " + run));

        Api.Response erased = api.send("DELETE", members(tenant) + "/nia-" + run + "/personal-data", ownerToken, null);
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        long version = erased.json().get("version").asLong();
        assertThat(lastEvent(tenant)).isEqualTo(List.of("com.hackops.events.membership.PersonalDataErased",
                Long.toString(version)));
        assertThat(keysOf(tenant, "nia-" + run)).as("the key is gone").isZero();
        assertThat(keysOf(tenant, owner)).as("others keep theirs").isOne();

        Api.Response again = api.send("DELETE", members(tenant) + "/nia-" + run + "/personal-data", ownerToken, null);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("version").asLong()).as("erasing again records nothing").isEqualTo(version);

        assertThat(api.send("DELETE", members(tenant) + "/nobody-" + run + "/personal-data", ownerToken, null)
                .isProblem(404, "member-not-found")).isTrue();
    }

    @Test
    void a_person_added_again_after_an_erasure_gets_a_new_key() {
        String tenant = created();
        String path = members(tenant) + "/sam-" + run;
        api.post(members(tenant), ownerToken, "{\"userId\":\"sam-%s\",\"email\":\"sam@x.example\",\"role\":\"VIEWER\"}".formatted(run));
        UUID first = keyIdOf(tenant, "sam-" + run);
        assertThat(api.send("DELETE", path + "/personal-data", ownerToken, null).status()).isEqualTo(200);
        assertThat(api.send("DELETE", path, ownerToken, null).status()).isEqualTo(200);

        api.post(members(tenant), ownerToken, "{\"userId\":\"sam-%s\",\"email\":\"sam@y.example\",\"role\":\"VIEWER\"}".formatted(run));

        assertThat(keyIdOf(tenant, "sam-" + run)).isNotEqualTo(first);
        assertThat(opened(tenant, "sam-" + run)).isEqualTo(new PersonalData("sam@y.example", null));
    }

    @Test
    void owners_admins_platform_admins_and_the_person_themselves_may_erase_others_may_not() {
        String tenant = created();
        for (String[] member : List.of(new String[] {"admin", "ADMIN"}, new String[] {"member", "MEMBER"},
                new String[] {"viewer", "VIEWER"}, new String[] {"t1", "MEMBER"}, new String[] {"t2", "MEMBER"},
                new String[] {"t3", "MEMBER"})) {
            assertThat(api.post(members(tenant), ownerToken, "{\"userId\":\"%s-%s\",\"role\":\"%s\"}"
                    .formatted(member[0], run, member[1])).status()).isEqualTo(201);
        }

        assertThat(erase(tenant, "t1", Tokens.user("member-" + run)).isProblem(403, "forbidden")).isTrue();
        assertThat(erase(tenant, "t1", Tokens.user("viewer-" + run)).isProblem(403, "forbidden")).isTrue();
        assertThat(erase(tenant, "t1", Tokens.user("stranger-" + run)).isProblem(404, "not-found")).isTrue();
        assertThat(erase(tenant, "stranger", Tokens.user("stranger-" + run)).isProblem(404, "not-found"))
                .as("naming oneself reveals no tenant").isTrue();
        assertThat(erase(tenant, "t1", Tokens.user("admin-" + run)).status()).isEqualTo(200);
        assertThat(erase(tenant, "t2", ownerToken).status()).isEqualTo(200);
        assertThat(erase(tenant, "t3", Tokens.platformAdmin("operator-" + run)).status()).isEqualTo(200);
        assertThat(erase(tenant, "viewer", Tokens.user("viewer-" + run)).status()).as("one's own data").isEqualTo(200);
    }

    @Test
    void imported_members_are_sealed_too() {
        String slug = "imp-" + run;
        String email = "ima-" + run + "@import.example";
        Api.Response imported = api.post("/api/v1/admin/imports", Tokens.platformAdmin("import-cli"), """
                {"source": "legacy-%1$s", "tenants": [{"externalId": "org-1", "name": "Imported", "slug": "%2$s",
                 "plan": "FREE", "createdAt": "2021-05-04T09:30:00Z",
                 "members": [{"userId": "ima-%1$s", "email": "%3$s", "displayName": "Ima Import", "role": "OWNER"}]}]}"""
                .formatted(run, slug, email));
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        String tenant = imported.json().get("results").get(0).get("tenantId").asText();

        assertThat(storedPayloads(tenant)).doesNotContain(email, "Ima Import");
        assertThat(opened(tenant, "ima-" + run)).isEqualTo(new PersonalData(email, "Ima Import"));
    }

    private String created() {
        Api.Response created = api.post("/api/v1/tenants", ownerToken,
                "{\"name\":\"Private %s\",\"slug\":\"private-%s\",\"plan\":\"PROFESSIONAL\"}".formatted(run, run));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("tenantId").asText();
    }

    private static String members(String tenant) {
        return "/api/v1/tenants/" + tenant + "/members";
    }

    private Api.Response erase(String tenant, String user, String token) {
        return api.send("DELETE", members(tenant) + "/" + user + "-" + run + "/personal-data", token, null);
    }

    private String storedPayloads(String tenant) {
        return String.join("\n", jdbc.queryForList("SELECT convert_from(payload, 'UTF8') || convert_from(coalesce(meta_data, ''), 'UTF8') "
                + "FROM domain_event_entry WHERE aggregate_identifier = ?", String.class, tenant));
    }

    /** The latest MemberAdded of the user, opened with the key in person_key. */
    private PersonalData opened(String tenant, String userId) {
        String payload = jdbc.queryForObject("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND payload_type LIKE '%.MemberAdded' AND convert_from(payload, 'UTF8')::jsonb ->> 'userId' = ? "
                + "ORDER BY sequence_number DESC LIMIT 1", String.class, tenant, userId);
        try {
            JsonNode sealed = JSON.readTree(payload).get("personalData");
            SealedPersonalData data = new SealedPersonalData(UUID.fromString(sealed.get("keyId").asText()),
                    sealed.get("ciphertext").asText());
            byte[] key = jdbc.queryForObject("SELECT key FROM person_key WHERE key_id = ?", byte[].class, data.keyId());
            return PersonKey.of(data.keyId(), key).open(data, TenantId.of(tenant), userId);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> lastEvent(String tenant) {
        return jdbc.queryForObject("SELECT payload_type, sequence_number FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "ORDER BY sequence_number DESC LIMIT 1", (rs, i) -> List.of(rs.getString(1), Long.toString(rs.getLong(2))), tenant);
    }

    private long keysOf(String tenant, String userId) {
        return jdbc.queryForObject("SELECT count(*) FROM person_key WHERE tenant_id = ?::uuid AND user_id = ?", Long.class,
                tenant, userId);
    }

    private UUID keyIdOf(String tenant, String userId) {
        return jdbc.queryForObject("SELECT key_id FROM person_key WHERE tenant_id = ?::uuid AND user_id = ?", UUID.class,
                tenant, userId);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}

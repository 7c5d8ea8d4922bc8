package com.hackops.query.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.hackops.events.membership.MemberAdded;
import com.hackops.events.membership.PersonalDataErased;
import com.hackops.events.types.Role;
import com.hackops.platform.security.Tokens;
import com.hackops.query.support.Api;
import com.hackops.query.support.EventStore;
import com.hackops.query.support.History;
import com.hackops.query.support.OwnInstance;
import com.hackops.query.support.PersonKeys;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Crypto-shredding on the query side, on an instance of its own (its own read database, so it may rebuild; the shared
 * test event store and topic): members show the e-mail and display name opened with the person's key; after the
 * erasure (key deleted, {@code PersonalDataErased}) both read-model generations hold the placeholder, and so does a
 * rebuild, which replays the store without the key. A member without sealed data (revision 1) shows the placeholder.
 */
class PersonalDataProjectionIT {

    private static final String ERASED = "[erased]";

    @Test
    void members_show_their_data_until_erased_then_the_placeholder_in_both_generations_and_after_a_rebuild() throws SQLException {
        try (EventStore store = new EventStore(); OwnInstance instance = OwnInstance.start("personal")) {
            Api api = instance.api();
            String database = instance.databaseUrl();
            History h = History.created("Private Jams");
            String email = "nia-" + h.tenant + "@secret.example";
            String name = "Nia Newcomer " + h.tenant.toString().substring(0, 8);
            h.add(new MemberAdded(h.id, "nia", PersonKeys.seal(h.tenant, "nia", email, name), Role.MEMBER, h.owner))
                    .add(new MemberAdded(h.id, "early", null, Role.VIEWER, h.owner));
            store.record(h, 0, Instant.now());

            assertThat(members(api, h)).containsExactlyInAnyOrder(h.owner + " " + h.owner + "@example.com -",
                    "nia " + email + " " + name, "early " + ERASED + " " + ERASED);
            rebuild(api);
            assertThat(rows(database, h, email)).as("both generations hold the data: the live one and the rebuilt one")
                    .hasSize(2);

            PersonKeys.erase(h.tenant, "nia");
            h.add(new PersonalDataErased(h.id, "nia", h.owner));
            store.record(h, h.events().size() - 1, Instant.now());

            assertThat(members(api, h)).contains("nia " + ERASED + " " + ERASED);
            assertThat(rows(database, h, email)).as("no generation keeps the erased data").isEmpty();
            assertThat(rows(database, h, ERASED)).as("nia and early, in both generations").hasSize(4);
            rebuild(api);
            assertThat(members(api, h)).containsExactlyInAnyOrder(h.owner + " " + h.owner + "@example.com -",
                    "nia " + ERASED + " " + ERASED, "early " + ERASED + " " + ERASED);
            assertThat(rows(database, h, email)).isEmpty();
        }
    }

    /** "userId email displayName" ("-" when absent) of each member, once the read models show the history's last event. */
    private static List<String> members(Api api, History h) {
        String token = Tokens.user(h.owner);
        await().atMost(Duration.ofSeconds(60)).until(() -> Long.toString(h.lastSequence()).equals(
                api.get("/api/v1/tenants/" + h.tenant, token).header("Hackops-Version")));
        JsonNode members = api.get("/api/v1/tenants/" + h.tenant + "/members", token).json().get("members");
        return StreamSupport.stream(members.spliterator(), false)
                .map(m -> m.get("userId").asText() + " " + m.path("email").asText("-") + " " + m.path("displayName").asText("-"))
                .toList();
    }

    private static void rebuild(Api api) {
        String admin = Tokens.platformAdmin("operator");
        String job = "/api/v1/admin/rebuilds/" + api.post("/api/v1/admin/rebuilds", admin, null).json().get("id").asText();
        await().atMost(Duration.ofSeconds(120)).until(() -> api.get(job, admin).json().get("phase").asText().matches("DONE|FAILED"));
        JsonNode finished = api.get(job, admin).json();
        assertThat(finished.get("phase").asText()).as(finished.toString()).isEqualTo("DONE");
    }

    /** "schema user" of the tenant's member rows, in both generations, whose e-mail or display name is {@code value}. */
    private static List<String> rows(String database, History h, String value) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(database, "hackops_owner", "hackops_owner")) {
            connection.createStatement().execute("SELECT set_config('app.platform_admin', 'on', false)");
            for (String schema : List.of("read_blue", "read_green")) {
                try (PreparedStatement select = connection.prepareStatement("SELECT user_id FROM " + schema
                        + ".tenant_member WHERE tenant_id = ? AND (email = ? OR display_name = ?)")) {
                    select.setObject(1, h.tenant);
                    select.setString(2, value);
                    select.setString(3, value);
                    try (ResultSet result = select.executeQuery()) {
                        while (result.next()) {
                            rows.add(schema + " " + result.getString(1));
                        }
                    }
                }
            }
        }
        return rows;
    }
}

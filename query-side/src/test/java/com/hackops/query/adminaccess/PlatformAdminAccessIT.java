package com.hackops.query.adminaccess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hackops.events.membership.MemberAdded;
import com.hackops.events.types.Role;
import com.hackops.platform.security.Tokens;
import com.hackops.query.support.Api;
import com.hackops.query.support.EventPublisher;
import com.hackops.query.support.History;
import com.hackops.query.support.QueryIntegrationTest;
import com.hackops.query.support.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Platform admins' reads are recorded before they are handled, and a tenant's OWNERs — nobody else but platform
 * admins — list them with the command side's records (rows written into the test event store's table, created by the
 * command side's own migration), newest first and paged; a read of every tenant is listed for every tenant that
 * existed then.
 */
@QueryIntegrationTest
class PlatformAdminAccessIT {

    @LocalServerPort
    int port;

    private Api api;
    private String admin;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = "ops-" + UUID.randomUUID();
    }

    @Test
    void an_admins_reads_are_listed_for_the_owner_with_the_command_sides_newest_first() throws Exception {
        History h = tenant("Audited");
        String path = "/api/v1/tenants/" + h.tenant;

        assertThat(api.get(path + "/usage", Tokens.platformAdmin(admin)).status()).isEqualTo(200);
        streamOpened(path + "/stream");
        recordedByTheCommandSide(h.tenant, "PUT", path + "/overrides", 200);
        assertThat(api.get(path + "/platform-admin-access", Tokens.platformAdmin(admin)).status())
                .as("a platform admin may read the records too").isEqualTo(200);

        eventually(() -> assertThat(byAdmin(list(h, ""))).containsExactly(
                admin + " query GET " + path + "/platform-admin-access 200",
                admin + " command PUT " + path + "/overrides 200",
                admin + " query GET " + path + "/stream 200",
                admin + " query GET " + path + "/usage 200"));
        List<Instant> times = StreamSupport.stream(list(h, "").spliterator(), false)
                .map(r -> Instant.parse(r.get("at").asText())).toList();
        assertThat(times).as("newest first").isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void other_members_and_other_tenants_owners_get_the_404_of_a_tenant_that_does_not_exist() {
        History h = tenant("Private");
        History other = tenant("Elsewhere");
        api.get("/api/v1/tenants/" + h.tenant, Tokens.platformAdmin(admin));
        Api.Response none = api.get("/api/v1/tenants/" + UUID.randomUUID() + "/platform-admin-access", Tokens.user(h.owner));
        assertThat(none.isProblem(404, "not-found")).as(none.body()).isTrue();

        for (String caller : List.of("member-" + h.tenant, "admin-" + h.tenant, other.owner, "stranger-" + h.tenant)) {
            Api.Response answer = api.get("/api/v1/tenants/" + h.tenant + "/platform-admin-access", Tokens.user(caller));
            assertThat(withoutInstance(answer)).as(caller + ": " + answer.body()).isEqualTo(withoutInstance(none));
            assertThat(answer.status()).isEqualTo(404);
        }
    }

    @Test
    void a_platform_admins_list_of_all_tenants_is_listed_for_every_tenant_that_existed() {
        History a = tenant("First");
        History b = tenant("Second");

        assertThat(api.get("/api/v1/tenants", Tokens.platformAdmin(admin)).status()).isEqualTo(200);
        History later = tenant("Later");

        String row = admin + " query GET /api/v1/tenants 200";
        eventually(() -> {
            assertThat(byAdmin(list(a, ""))).containsExactly(row);
            assertThat(byAdmin(list(b, ""))).containsExactly(row);
        });
        assertThat(byAdmin(list(later, ""))).as("a tenant created afterwards was not read").isEmpty();
    }

    @Test
    void pages_end_where_the_next_before_header_continues() {
        History h = tenant("Paged");
        for (String read : List.of("", "/usage", "/members")) {
            assertThat(api.get("/api/v1/tenants/" + h.tenant + read, Tokens.platformAdmin(admin)).status()).isEqualTo(200);
        }
        eventually(() -> assertThat(byAdmin(list(h, ""))).hasSize(3).allMatch(row -> row.endsWith(" 200")));

        Api.Response first = api.get("/api/v1/tenants/" + h.tenant + "/platform-admin-access?limit=2", Tokens.user(h.owner));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(byAdmin(first.json())).hasSize(2);
        String next = first.header(PlatformAdminAccessController.NEXT);
        assertThat(next).isNotNull();
        Api.Response second = api.get("/api/v1/tenants/" + h.tenant + "/platform-admin-access?limit=2&before=" + next,
                Tokens.user(h.owner));
        assertThat(byAdmin(second.json())).containsExactly(admin + " query GET /api/v1/tenants/" + h.tenant + " 200");
        assertThat(second.header(PlatformAdminAccessController.NEXT)).as("the last page").isNull();

        assertThat(api.get("/api/v1/tenants/" + h.tenant + "/platform-admin-access?limit=501", Tokens.user(h.owner))
                .isProblem(400, "validation")).isTrue();
    }

    @Test
    void row_level_security_keeps_each_tenants_records_to_itself() throws SQLException {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        try (Connection service = TestInfrastructure.connect("hackops_query")) {
            service.setAutoCommit(false);
            bind(service, "app.tenant_id", a.toString());
            insert(service, a);
            service.commit();
            bind(service, "app.platform_admin", "on");
            insert(service, null);
            service.commit();

            bind(service, "app.tenant_id", b.toString());
            assertThat(tenantsVisible(service, a)).as("B sees reads of every tenant, not A's").containsExactly("every tenant");
            assertThatThrownBy(() -> insert(service, a)).as("B cannot record for A").hasMessageContaining("row-level security");
            service.rollback();
            bind(service, "app.tenant_id", b.toString());
            assertThatThrownBy(() -> insert(service, null)).as("only the admin path records reads of every tenant")
                    .hasMessageContaining("row-level security");
            service.rollback();
            assertThat(tenantsVisible(service, a)).as("no tenant bound: nothing").isEmpty();
            service.rollback();
        }
    }

    /** The status is recorded after the answer was written, so a client may see the answer a moment before it. */
    private static void eventually(org.awaitility.core.ThrowingRunnable assertion) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(assertion);
    }

    /** A tenant with an OWNER, a MEMBER and an ADMIN, visible to its owner. */
    private History tenant(String name) {
        History h = History.created(name + " " + admin);
        h.add(new MemberAdded(h.id, "member-" + h.tenant, null, Role.MEMBER, h.owner));
        h.add(new MemberAdded(h.id, "admin-" + h.tenant, null, Role.ADMIN, h.owner));
        try (EventPublisher publisher = new EventPublisher()) {
            h.publish(publisher, 0);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/v1/tenants/" + h.tenant + "/members?minVersion="
                + h.lastSequence(), Tokens.user(h.owner)).status() == 200);
        return h;
    }

    private JsonNode list(History h, String query) {
        Api.Response answer = api.get("/api/v1/tenants/" + h.tenant + "/platform-admin-access" + query, Tokens.user(h.owner));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    /** This test's admin's records, as "admin service METHOD path status". */
    private List<String> byAdmin(JsonNode records) {
        List<String> lines = new ArrayList<>();
        for (JsonNode r : records) {
            if (r.get("admin").asText().equals(admin)) {
                lines.add(String.join(" ", r.get("admin").asText(), r.get("service").asText(), r.get("method").asText(),
                        r.get("path").asText(), r.path("status").asText()));
            }
        }
        return lines;
    }

    /** Opens the tenant's live stream as the admin, reads the answer's head and hangs up. */
    private void streamOpened(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + Tokens.platformAdmin(admin)).build();
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        stream.body().close();
        assertThat(stream.statusCode()).isEqualTo(200);
    }

    /** A row as the command side writes it, a moment after the reads above. */
    private void recordedByTheCommandSide(UUID tenant, String method, String path, int status) throws SQLException {
        try (Connection events = DriverManager.getConnection(TestInfrastructure.eventStoreUrl(), "hackops_command", "hackops_command");
             PreparedStatement insert = events.prepareStatement("""
                     INSERT INTO platform_admin_access (id, tenant_id, admin, method, path, status) VALUES (?, ?, ?, ?, ?, ?)""")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, tenant);
            insert.setString(3, admin);
            insert.setString(4, method);
            insert.setString(5, path);
            insert.setInt(6, status);
            insert.executeUpdate();
        }
    }

    private static String withoutInstance(Api.Response answer) {
        ObjectNode body = (ObjectNode) answer.json();
        body.remove("instance");
        return answer.status() + " " + body;
    }

    private static void bind(Connection connection, String setting, String value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT set_config(?, ?, true)")) {
            statement.setString(1, setting);
            statement.setString(2, value);
            statement.execute();
        }
    }

    private void insert(Connection connection, UUID tenant) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO public.platform_admin_access (id, tenant_id, admin, method, path, status)
                VALUES (?, ?, ?, 'GET', '/test', 200)""")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, tenant);
            insert.setString(3, admin);
            insert.executeUpdate();
        }
    }

    /** The tenants of this test's rows the transaction sees ("every tenant" for a read of all). */
    private List<String> tenantsVisible(Connection connection, UUID a) throws SQLException {
        List<String> tenants = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT coalesce(tenant_id::text, 'every tenant') FROM public.platform_admin_access WHERE admin = ?")) {
            select.setString(1, admin);
            var rows = select.executeQuery();
            while (rows.next()) {
                tenants.add(rows.getString(1).equals(a.toString()) ? "A" : rows.getString(1));
            }
        }
        return tenants;
    }
}

package com.hackops.command.security;

import com.hackops.command.support.Api;
import com.hackops.command.support.IntegrationTest;
import com.hackops.platform.security.Tokens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of the command API by every kind of caller, through HTTP. The expected matrix is written
 * out here on purpose, independently of {@link Permission}, so a change to either shows up.
 */
@IntegrationTest
class PermissionsIT {

    private static final String OWNER = "OWNER";
    private static final String ADMIN = "ADMIN";
    private static final String MEMBER = "MEMBER";
    private static final String VIEWER = "VIEWER";
    private static final String STRANGER = "STRANGER";
    private static final String PLATFORM_ADMIN = "PLATFORM_ADMIN";

    @LocalServerPort
    int port;

    /** operation -> callers allowed; everyone else gets 403, strangers 404. */
    private static final Map<String, List<String>> ALLOWED = Map.ofEntries(
            Map.entry("track usage", List.of(OWNER, ADMIN, MEMBER, PLATFORM_ADMIN)),
            Map.entry("update profile", List.of(OWNER, ADMIN, PLATFORM_ADMIN)),
            Map.entry("add member", List.of(OWNER, ADMIN, PLATFORM_ADMIN)),
            Map.entry("change member role", List.of(OWNER, ADMIN, PLATFORM_ADMIN)),
            Map.entry("remove member", List.of(OWNER, ADMIN, PLATFORM_ADMIN)),
            Map.entry("change plan", List.of(OWNER, PLATFORM_ADMIN)),
            Map.entry("suspend", List.of(OWNER, PLATFORM_ADMIN)),
            Map.entry("reactivate", List.of(OWNER, PLATFORM_ADMIN)),
            Map.entry("archive", List.of(OWNER, PLATFORM_ADMIN)),
            Map.entry("override limits", List.of(PLATFORM_ADMIN)),
            Map.entry("issue api key", List.of(OWNER, ADMIN, PLATFORM_ADMIN)),
            Map.entry("erase personal data", List.of(OWNER, ADMIN, PLATFORM_ADMIN)));

    private static final Map<String, BiFunction<Api, String[], Api.Response>> OPERATIONS = Map.ofEntries(
            Map.entry("track usage", (api, t) -> api.post(path(t) + "/usage", t[1], "{\"metric\":\"PARTICIPANTS\",\"delta\":1}")),
            Map.entry("update profile", (api, t) -> api.send("PATCH", path(t), t[1], "{\"name\":\"Renamed\"}")),
            Map.entry("add member", (api, t) -> api.post(path(t) + "/members", t[1], "{\"userId\":\"newcomer\",\"role\":\"VIEWER\"}")),
            Map.entry("change member role", (api, t) -> api.send("PUT", path(t) + "/members/target", t[1], "{\"role\":\"VIEWER\"}")),
            Map.entry("remove member", (api, t) -> api.send("DELETE", path(t) + "/members/target", t[1], null)),
            Map.entry("change plan", (api, t) -> api.post(path(t) + "/plan", t[1], "{\"plan\":\"PROFESSIONAL\"}")),
            Map.entry("suspend", (api, t) -> api.post(path(t) + "/suspend", t[1], null)),
            Map.entry("reactivate", (api, t) -> api.post(path(t) + "/reactivate", t[1], null)),
            Map.entry("archive", (api, t) -> api.send("DELETE", path(t), t[1], null)),
            Map.entry("override limits", (api, t) -> api.send("PUT", path(t) + "/overrides", t[1],
                    "{\"limits\":{\"EVENTS\":10},\"reason\":\"negotiated\"}")),
            Map.entry("issue api key", (api, t) -> api.post(path(t) + "/api-keys", t[1],
                    "{\"name\":\"scorer\",\"scopes\":[\"usage:write\"]}")),
            Map.entry("erase personal data", (api, t) -> api.send("DELETE", path(t) + "/members/target/personal-data", t[1], null)));

    static Stream<Arguments> operationsByCaller() {
        return ALLOWED.keySet().stream().sorted().flatMap(operation ->
                Stream.of(OWNER, ADMIN, MEMBER, VIEWER, STRANGER, PLATFORM_ADMIN)
                        .map(caller -> Arguments.of(operation, caller)));
    }

    @ParameterizedTest(name = "{1} -> {0}")
    @MethodSource("operationsByCaller")
    void each_role_may_do_exactly_what_the_matrix_says(String operation, String caller) {
        Api api = new Api(port);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String owner = "owner-" + run;
        String tenant = api.createTenant(owner, "perm-" + run, "STARTER");
        for (String[] member : List.of(new String[] {"admin-" + run, ADMIN}, new String[] {"member-" + run, MEMBER},
                new String[] {"viewer-" + run, VIEWER}, new String[] {"target", MEMBER})) {
            Api.Response added = api.post("/api/v1/tenants/" + tenant + "/members", Tokens.user(owner),
                    "{\"userId\":\"%s\",\"role\":\"%s\"}".formatted(member[0], member[1]));
            assertThat(added.status()).as(added.body()).isEqualTo(201);
        }
        if (operation.equals("reactivate")) {
            api.post("/api/v1/tenants/" + tenant + "/suspend", Tokens.user(owner), null);
        }
        String token = switch (caller) {
            case OWNER -> Tokens.user(owner);
            case ADMIN -> Tokens.user("admin-" + run);
            case MEMBER -> Tokens.user("member-" + run);
            case VIEWER -> Tokens.user("viewer-" + run);
            case STRANGER -> Tokens.user("stranger-" + run);
            default -> Tokens.platformAdmin("operator-" + run);
        };

        Api.Response response = OPERATIONS.get(operation).apply(api, new String[] {tenant, token});

        if (ALLOWED.get(operation).contains(caller)) {
            assertThat(response.status()).as(response.body()).isIn(200, 201);
        } else if (caller.equals(STRANGER)) {
            assertThat(response.isProblem(404, "not-found")).as(response.body()).isTrue();
        } else {
            assertThat(response.isProblem(403, "forbidden")).as(response.body()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ownershipCases")
    void only_an_owner_touches_the_owner_role(String description, String body, String method, String target) {
        Api api = new Api(port);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String owner = "owner-" + run;
        String tenant = api.createTenant(owner, "own-" + run, "PROFESSIONAL");
        api.post("/api/v1/tenants/" + tenant + "/members", Tokens.user(owner), "{\"userId\":\"adm\",\"role\":\"ADMIN\"}");
        api.post("/api/v1/tenants/" + tenant + "/members", Tokens.user(owner), "{\"userId\":\"co-owner\",\"role\":\"OWNER\"}");

        Api.Response response = api.send(method, "/api/v1/tenants/" + tenant + "/members" + target, Tokens.user("adm"), body);

        assertThat(response.isProblem(403, "forbidden")).as(response.body()).isTrue();
    }

    static Stream<Arguments> ownershipCases() {
        return Stream.of(
                Arguments.of("an ADMIN cannot add an OWNER", "{\"userId\":\"x\",\"role\":\"OWNER\"}", "POST", ""),
                Arguments.of("an ADMIN cannot demote an OWNER", "{\"role\":\"MEMBER\"}", "PUT", "/co-owner"),
                Arguments.of("an ADMIN cannot remove an OWNER", null, "DELETE", "/co-owner"),
                Arguments.of("an ADMIN cannot promote to OWNER", "{\"role\":\"OWNER\"}", "PUT", "/adm"));
    }

    @org.junit.jupiter.api.Test
    void the_last_owner_can_neither_leave_nor_be_demoted() {
        Api api = new Api(port);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String owner = "owner-" + run;
        String tenant = api.createTenant(owner, "last-" + run, "STARTER");
        assertThat(api.send("DELETE", "/api/v1/tenants/" + tenant + "/members/" + owner, Tokens.user(owner), null)
                .isProblem(409, "last-owner")).isTrue();
        assertThat(api.send("PUT", "/api/v1/tenants/" + tenant + "/members/" + owner, Tokens.user(owner),
                "{\"role\":\"ADMIN\"}").isProblem(409, "last-owner")).isTrue();
    }

    @org.junit.jupiter.api.Test
    void admin_seats_are_limited_by_the_plan() {
        Api api = new Api(port);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String owner = "owner-" + run;
        String tenant = api.createTenant(owner, "seats-" + run, "FREE");
        Api.Response second = api.post("/api/v1/tenants/" + tenant + "/members", Tokens.user(owner),
                "{\"userId\":\"another-admin\",\"role\":\"ADMIN\"}");
        assertThat(second.isProblem(409, "limit-exceeded")).as(second.body()).isTrue();
        assertThat(second.json().get("metric").asText()).isEqualTo("ADMINS");
        assertThat(api.post("/api/v1/tenants/" + tenant + "/members", Tokens.user(owner),
                "{\"userId\":\"a-member\",\"role\":\"MEMBER\"}").status()).isEqualTo(201);
    }

    private static String path(String[] t) {
        return "/api/v1/tenants/" + t[0];
    }

    static {
        assertThat(Arrays.stream(Permission.values()).filter(p -> p != Permission.READ).count())
                .as("every permission of the matrix has an operation here").isEqualTo(10);
    }
}

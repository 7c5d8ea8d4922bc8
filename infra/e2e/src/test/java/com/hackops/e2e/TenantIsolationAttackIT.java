package com.hackops.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hackops.e2e.support.Api;
import com.hackops.e2e.support.ForgedTokens;
import com.hackops.e2e.support.Platform;
import com.hackops.e2e.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static com.hackops.e2e.support.ReadYourWrites.awaitRead;
import static com.hackops.e2e.support.ReadYourWrites.versionOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack suite, against both real services: three tenants with data (members with e-mails, usage, alerts, plan
 * history); an attacker who owns the first calls every endpoint of both APIs with {own tenant, another tenant, a
 * tenant that does not exist} × {no forgery, the tenant forged in headers, in the query, in the body}. A tenant
 * of someone else must be answered exactly as one that does not exist (same status, same body but for
 * {@code instance}), no answer may carry anything of the other tenants, a forged tenant never redirects a call,
 * and nothing of theirs changes. Forged tokens (26 kinds) are refused with 401 by both services.
 */
class TenantIsolationAttackIT {

    private static final Duration FIRST_READ = Duration.ofSeconds(90);
    private static final HttpClient STREAMS = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static Platform platform;
    private static Api command;
    private static Api query;
    private static final List<Victim> tenants = new ArrayList<>();
    private static Victim own;
    private static final Set<String> leaks = new TreeSet<>();
    private static int requests;

    /** A tenant of the test and everything of it that must never show up in another tenant's answers. */
    private record Victim(String id, String owner, String member, Set<String> secrets) {
    }

    /** Where the forged tenant goes. */
    private enum Forgery { NONE, HEADER, QUERY, BODY }

    /** One endpoint: how to call it for a tenant id (and the tenant's member, for member paths). */
    private record Endpoint(String service, String method, String path, String body) {

        String path(String tenant, String member) {
            return path.replace("{tenantId}", tenant).replace("{userId}", member).replace("{jobId}", SOME_ID)
                    .replace("{webhookId}", SOME_ID).replace("{keyId}", SOME_ID);
        }

        String key() {
            return method + " " + path.replaceAll("\\?.*", "");
        }
    }

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    /** An id of no job or webhook: paths to another tenant and to none then differ in the tenant only. */
    private static final String SOME_ID = UUID.randomUUID().toString();
    private static final String PERIOD = YearMonth.now(ZoneOffset.UTC).toString();

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("command", "POST", "/api/v1/tenants", "{\"name\":\"Attacker's new tenant\",\"slug\":\"@slug\"}"),
            new Endpoint("command", "PATCH", "/api/v1/tenants/{tenantId}", "{\"name\":\"Renamed by the attacker\"}"),
            new Endpoint("command", "POST", "/api/v1/tenants/{tenantId}/plan", "{\"plan\":\"ENTERPRISE\"}"),
            new Endpoint("command", "DELETE", "/api/v1/tenants/{tenantId}/plan/scheduled", null),
            new Endpoint("command", "POST", "/api/v1/tenants/{tenantId}/trial", "{\"plan\":\"ENTERPRISE\",\"days\":3}"),
            new Endpoint("command", "PUT", "/api/v1/tenants/{tenantId}/overrides", "{\"limits\":{\"EVENTS\":1000},\"reason\":\"attack\"}"),
            new Endpoint("command", "DELETE", "/api/v1/tenants/{tenantId}/overrides?reason=attack", null),
            new Endpoint("command", "POST", "/api/v1/tenants/{tenantId}/members", "{\"userId\":\"attacker-friend\",\"role\":\"ADMIN\"}"),
            new Endpoint("command", "PUT", "/api/v1/tenants/{tenantId}/members/{userId}", "{\"role\":\"VIEWER\"}"),
            new Endpoint("command", "POST", "/api/v1/tenants/{tenantId}/usage", "{\"metric\":\"PARTICIPANTS\",\"delta\":1}"),
            new Endpoint("command", "POST", "/api/v1/tenants/{tenantId}/usage/batch", "{\"items\":[{\"metric\":\"PARTICIPANTS\",\"delta\":1}]}"),
            new Endpoint("command", "DELETE", "/api/v1/tenants/{tenantId}/members/{userId}/personal-data", null),
            new Endpoint("command", "DELETE", "/api/v1/tenants/{tenantId}/members/{userId}", null),
            new Endpoint("command", "POST", "/api/v1/tenants/{tenantId}/api-keys", "{\"name\":\"attacker\",\"scopes\":[\"read\"]}"),
            new Endpoint("command", "DELETE", "/api/v1/tenants/{tenantId}/api-keys/{keyId}", null),
            new Endpoint("command", "POST", "/api/v1/tenants/{tenantId}/suspend", null),
            new Endpoint("command", "POST", "/api/v1/tenants/{tenantId}/reactivate", null),
            new Endpoint("command", "DELETE", "/api/v1/tenants/{tenantId}", null),
            new Endpoint("command", "POST", "/api/v1/admin/imports?dryRun=true", "{\"tenants\":[]}"),
            new Endpoint("query", "GET", "/api/v1/tenants", null),
            new Endpoint("query", "GET", "/api/v1/tenants/{tenantId}", null),
            new Endpoint("query", "GET", "/api/v1/tenants/{tenantId}/usage", null),
            new Endpoint("query", "GET", "/api/v1/tenants/{tenantId}/usage?asOf=@now", null),
            new Endpoint("query", "GET", "/api/v1/tenants/{tenantId}/usage/history?metric=PARTICIPANTS", null),
            new Endpoint("query", "GET", "/api/v1/tenants/{tenantId}/usage/alerts", null),
            new Endpoint("query", "GET", "/api/v1/tenants/{tenantId}/members", null),
            new Endpoint("query", "GET", "/api/v1/tenants/{tenantId}/plans", null),
            new Endpoint("query", "GET", "/api/v1/tenants/{tenantId}/stream", null),
            new Endpoint("query", "GET", "/api/v1/tenants/{tenantId}/billing/statement?period=" + PERIOD, null),
            new Endpoint("query", "GET", "/api/v1/tenants/{tenantId}/billing/reconciliation", null),
            new Endpoint("query", "POST", "/api/v1/tenants/{tenantId}/webhooks",
                    "{\"url\":\"https://hooks.example.com/attack\",\"events\":[\"THRESHOLD_80\"]}"),
            new Endpoint("query", "GET", "/api/v1/tenants/{tenantId}/webhooks", null),
            new Endpoint("query", "GET", "/api/v1/tenants/{tenantId}/api-keys", null),
            new Endpoint("query", "GET", "/api/v1/tenants/{tenantId}/webhooks/deliveries", null),
            new Endpoint("query", "DELETE", "/api/v1/tenants/{tenantId}/webhooks/{webhookId}", null),
            new Endpoint("query", "GET", "/api/v1/tenants/{tenantId}/platform-admin-access", null),
            new Endpoint("query", "GET", "/api/v1/admin/statistics", null),
            new Endpoint("query", "GET", "/api/v1/admin/projections/parked", null),
            new Endpoint("query", "POST", "/api/v1/admin/projections/parked/{tenantId}/retry", null),
            new Endpoint("query", "DELETE", "/api/v1/admin/projections/parked/{tenantId}/0", null),
            new Endpoint("query", "POST", "/api/v1/admin/audits", null),
            new Endpoint("query", "GET", "/api/v1/admin/audits/{jobId}", null),
            new Endpoint("query", "POST", "/api/v1/admin/rebuilds", null),
            new Endpoint("query", "GET", "/api/v1/admin/rebuilds/{jobId}", null));

    @BeforeAll
    static void threeTenantsWithData() {
        platform = Platform.start();
        command = platform.command();
        query = platform.query();
        for (String label : List.of("alpha", "bravo", "charlie")) {
            String owner = "owner-" + label + "-" + RUN;
            String member = "member-" + label + "-" + RUN;
            String name = "Secret " + label + " " + RUN;
            String slug = "secret-" + label + "-" + RUN;
            String email = label + "-" + RUN + "@secret.example";
            String token = Tokens.user(owner);
            Api.Response created = command.post("/api/v1/tenants", token,
                    "{\"name\":\"%s\",\"slug\":\"%s\",\"plan\":\"STARTER\"}".formatted(name, slug));
            versionOf(created, 201);
            String id = created.json().path("tenantId").asText();
            versionOf(command.post("/api/v1/tenants/" + id + "/members", token,
                    "{\"userId\":\"%s\",\"email\":\"%s\",\"role\":\"MEMBER\"}".formatted(member, email)), 201);
            versionOf(command.post("/api/v1/tenants/" + id + "/usage", token, "{\"metric\":\"EVENTS\",\"delta\":4}"), 200);
            long version = versionOf(command.post("/api/v1/tenants/" + id + "/plan", token, "{\"plan\":\"PROFESSIONAL\"}"), 200);
            awaitRead(query, token, id, "/members", version, FIRST_READ);
            tenants.add(new Victim(id, owner, member, Set.of(id, name, slug, owner, member, email)));
        }
        own = tenants.get(0);
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void every_endpoint_of_both_apis_is_attacked() {
        Set<String> published = new TreeSet<>();
        published.addAll(operations(command, "command"));
        published.addAll(operations(query, "query"));
        Set<String> attacked = new TreeSet<>();
        ENDPOINTS.forEach(e -> attacked.add(e.service() + " " + e.key().replace("/0", "/{sequence}")));
        assertThat(attacked).as("the attack table covers every endpoint the services publish (add new ones to ENDPOINTS)")
                .containsAll(published);
    }

    @Test
    void another_tenant_is_a_tenant_that_does_not_exist_and_nothing_leaks() throws SQLException {
        Map<String, Long> eventsBefore = eventCounts();
        Map<String, String> viewsBefore = victimViews();
        int compared = 0;
        boolean caughtUp = false;
        for (Endpoint endpoint : ENDPOINTS) {
            if (!caughtUp && endpoint.service().equals("query")) {
                // the commands above changed the attacker's own tenants: read them only once the query side shows it
                awaitOwnWrites();
                caughtUp = true;
            }
            for (Forgery forgery : Forgery.values()) {
                Victim other = tenants.get(1 + (compared % 2));
                String nobody = UUID.randomUUID().toString();
                Api.Response toOther;
                Api.Response toNobody;
                if (scoped(endpoint)) {
                    // the path names the target; the forgery claims the attacker's own tenant
                    toOther = call(endpoint, other.id(), other.member(), forgery, own.id());
                    toNobody = call(endpoint, nobody, other.member(), forgery, own.id());
                } else {
                    // no tenant in the path: the forgery alone names the target
                    toOther = call(endpoint, own.id(), own.member(), forgery, other.id());
                    toNobody = call(endpoint, own.id(), own.member(), forgery, nobody);
                }
                // the own tenant, with another tenant forged beside it
                Api.Response toOwn = call(endpoint, own.id(), own.member(), forgery, other.id());
                compared++;

                String where = endpoint.service() + " " + endpoint.key() + " forged in " + forgery;
                assertThat(toOther.status()).as(where + ": another tenant answers like none: " + toOther + " / " + toNobody)
                        .isEqualTo(toNobody.status());
                assertThat(normalized(toOther, endpoint)).as(where + ": the same body but for instance")
                        .isEqualTo(normalized(toNobody, endpoint));
                assertThat(toOther.status()).as(where + ": " + toOther).isBetween(scoped(endpoint) ? 400 : 200, 499);
                if (scoped(endpoint) && !endpoint.path().startsWith("/api/v1/admin")
                        && !(forgery == Forgery.BODY && endpoint.body() != null)) {
                    assertThat(toOther.isProblem(404, "not-found")).as(where + ": " + toOther).isTrue();
                }
                assertThat(toOwn.status()).as(where + " on the own tenant: " + toOwn).isLessThan(500);
                scan(where + " (another tenant)", toOther, own);
                scan(where + " (own tenant, forged " + other.id() + ")", toOwn, own);
            }
        }
        System.out.printf("attack suite: %d endpoints x %d forgeries x 3 targets: %d requests, %d leaks%n",
                ENDPOINTS.size(), Forgery.values().length, requests, leaks.size());
        assertThat(leaks).as("answers carrying another tenant's data").isEmpty();

        Map<String, Long> eventsAfter = eventCounts();
        for (Victim victim : tenants.subList(1, 3)) {
            assertThat(eventsAfter.get(victim.id())).as("no event recorded for " + victim.id())
                    .isEqualTo(eventsBefore.get(victim.id()));
        }
        assertThat(victimViews()).as("the other tenants read as before").isEqualTo(viewsBefore);
    }

    @Test
    void forged_tokens_are_refused_by_both_services() throws SQLException {
        long before = eventCounts().get(own.id());
        Map<String, String> forged = ForgedTokens.of(own.owner());
        assertThat(forged).hasSizeGreaterThanOrEqualTo(12);
        int refused = 0;
        for (Map.Entry<String, String> token : forged.entrySet()) {
            List<Api.Response> answers = List.of(
                    command.post("/api/v1/tenants/" + own.id() + "/usage", token.getValue(), "{\"metric\":\"PARTICIPANTS\",\"delta\":1}"),
                    command.send("DELETE", "/api/v1/tenants/" + tenants.get(1).id(), token.getValue(), null),
                    query.get("/api/v1/tenants/" + own.id(), token.getValue()),
                    query.get("/api/v1/admin/statistics", token.getValue()),
                    // the live stream alone also reads the token from the query string
                    query.get("/api/v1/tenants/" + own.id() + "/stream?access_token="
                            + java.net.URLEncoder.encode(token.getValue(), StandardCharsets.UTF_8), null));
            for (Api.Response answer : answers) {
                assertThat(answer.isProblem(401, "unauthorized")).as(token.getKey() + ": " + answer).isTrue();
                refused++;
            }
        }
        System.out.printf("forged tokens: %d kinds, %d requests to both services, %d refused with 401%n",
                forged.size(), refused, refused);
        assertThat(eventCounts().get(own.id())).as("no forged call recorded anything").isEqualTo(before);
        assertThat(query.get("/api/v1/tenants/" + own.id(), Tokens.user(own.owner())).status())
                .as("the genuine token still works").isEqualTo(200);
    }

    private static boolean scoped(Endpoint endpoint) {
        return endpoint.path().contains("{tenantId}");
    }

    private static Api.Response call(Endpoint endpoint, String tenant, String member, Forgery forgery, String forged) {
        Api api = endpoint.service().equals("command") ? command : query;
        String path = endpoint.path(tenant, member).replace("@now", Instant.now().toString());
        String body = endpoint.body() == null ? null : endpoint.body().replace("@slug", "atk-" + UUID.randomUUID().toString().substring(0, 12));
        List<String> headers = new ArrayList<>();
        switch (forgery) {
            case HEADER -> headers.addAll(List.of("X-Tenant-Id", forged, "X-Tenant", forged, "Tenant-Id", forged,
                    "X-User-Id", tenants.get(1).owner(), "X-Platform-Admin", "true"));
            case QUERY -> path += (path.contains("?") ? "&" : "?") + "tenantId=" + forged + "&tenant_id=" + forged
                    + "&userId=" + tenants.get(1).owner() + "&platform_admin=true";
            case BODY -> body = body == null ? "{\"tenantId\":\"" + forged + "\"}"
                    : body.replaceFirst("^\\{", "{\"tenantId\":\"" + forged + "\",");
            case NONE -> { }
        }
        if (body != null) {
            headers.addAll(List.of("Content-Type", "application/json"));
        }
        requests++;
        if (endpoint.path().endsWith("/stream") && tenant.equals(own.id())) {
            return firstEventOf(api, path, body, headers);
        }
        Api.Response answer = api.send(endpoint.method(), path, Tokens.user(own.owner()), body, headers.toArray(String[]::new));
        if (endpoint.service().equals("command") && endpoint.path().equals("/api/v1/tenants") && answer.status() == 201) {
            created.put(answer.json().path("tenantId").asText(), answer.json().path("version").asLong());
        }
        return answer;
    }

    /** Tenants the attacker created, with their version. */
    private static final Map<String, Long> created = new LinkedHashMap<>();

    private static void awaitOwnWrites() throws SQLException {
        String token = Tokens.user(own.owner());
        awaitRead(query, token, own.id(), "", eventCounts().get(own.id()) - 1, FIRST_READ);
        created.forEach((tenant, version) -> awaitRead(query, token, tenant, "", version, FIRST_READ));
    }

    /** A live stream of the own tenant stays open: read its first event, then hang up. */
    private static Api.Response firstEventOf(Api api, String path, String body, List<String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.url(path))).timeout(Duration.ofSeconds(30))
                .method("GET", body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + Tokens.user(own.owner()));
        for (int i = 0; i < headers.size(); i += 2) {
            request.header(headers.get(i), headers.get(i + 1));
        }
        try {
            HttpResponse<InputStream> response = STREAMS.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            StringBuilder first = new StringBuilder();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null && !(line.isEmpty() && first.indexOf("data:") >= 0)) {
                    first.append(line).append('\n');
                }
            }
            return new Api.Response("GET " + path, response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), first.toString(), response.headers().map());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The answer as a client compares it: its JSON without {@code instance} (the path it asked for). */
    private static String normalized(Api.Response answer, Endpoint endpoint) {
        if (answer.body().isBlank()) {
            return "";
        }
        JsonNode body;
        try {
            body = Api.parse(answer.body());
        } catch (RuntimeException notJson) {
            return answer.body();
        }
        if (body instanceof ObjectNode object) {
            object.remove("instance");
            if (object.get("errors") instanceof com.fasterxml.jackson.databind.node.ArrayNode errors) {
                // validation errors come in no particular order
                List<String> sorted = StreamSupport.stream(errors.spliterator(), false).map(JsonNode::toString).sorted().toList();
                object.put("errors", String.join(",", sorted));
            }
            if (endpoint.path().equals("/api/v1/tenants") && endpoint.service().equals("command")) {
                object.remove("tenantId"); // each call creates a tenant of its own
            }
        }
        return body.toString();
    }

    /** Records every secret of a tenant other than the attacker's own that an answer carries. */
    private static void scan(String where, Api.Response answer, Victim caller) {
        String text = normalizedForScan(answer);
        for (Victim victim : tenants) {
            if (victim != caller) {
                victim.secrets().stream().filter(text::contains).forEach(secret -> leaks.add(where + ": " + secret));
            }
        }
    }

    private static String normalizedForScan(Api.Response answer) {
        try {
            JsonNode body = Api.parse(answer.body());
            if (body instanceof ObjectNode object) {
                object.remove("instance");
            }
            return body.toString();
        } catch (RuntimeException notJson) {
            return answer.body();
        }
    }

    /** "METHOD path" of every operation a service publishes in its OpenAPI description. */
    private static Set<String> operations(Api api, String service) {
        JsonNode paths = api.get("/v3/api-docs", null).json().path("paths");
        Set<String> operations = new TreeSet<>();
        paths.fieldNames().forEachRemaining(path -> paths.path(path).fieldNames().forEachRemaining(method ->
                operations.add(service + " " + method.toUpperCase() + " " + path)));
        return operations;
    }

    private static Map<String, Long> eventCounts() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection events = platform.connectToEventStore();
             PreparedStatement select = events.prepareStatement(
                     "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?")) {
            for (Victim victim : tenants) {
                select.setString(1, victim.id());
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    counts.put(victim.id(), rows.getLong(1));
                }
            }
        }
        return counts;
    }

    /** What the other tenants' owners read of their tenants: profile and members. */
    private static Map<String, String> victimViews() {
        Map<String, String> views = new LinkedHashMap<>();
        for (Victim victim : tenants.subList(1, 3)) {
            String token = Tokens.user(victim.owner());
            JsonNode tenant = query.get("/api/v1/tenants/" + victim.id(), token).json();
            JsonNode members = query.get("/api/v1/tenants/" + victim.id() + "/members", token).json();
            views.put(victim.id(), tenant.path("name").asText() + " " + tenant.path("plan").asText() + " "
                    + tenant.path("status").asText() + " " + StreamSupport.stream(members.path("members").spliterator(), false)
                    .map(m -> m.path("userId").asText() + ":" + m.path("role").asText()).sorted().toList());
        }
        return views;
    }
}

package com.hackops.command.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hackops.command.support.Api;
import com.hackops.command.support.IntegrationTest;
import com.hackops.platform.security.Tokens;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.spring.JqwikSpringSupport;
import org.springframework.beans.factory.annotation.Value;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated bad input, 1,000 bodies per command endpoint, over real HTTP to the real command side: wrong types,
 * huge, negative and fractional numbers, deep nesting, long strings, unicode (also lone surrogates), injection
 * strings, unknown fields, broken JSON and raw bytes, mixed with plausible values so many reach the aggregate.
 * Whatever comes in: no 5xx, every refusal a problem document, no stack trace or exception name in any answer.
 */
@JqwikSpringSupport
@IntegrationTest
class GeneratedBadInputIT {

    private static final int TRIES = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern STACK_TRACE = Pattern.compile(
            "\\tat |Caused by: |\"trace\"|\\b(?:java|javax|jakarta|org|com|net|io)\\.[\\w.$]+(?:Exception|Error)\\b");
    private static final Map<String, AtomicInteger> STATUSES = new ConcurrentHashMap<>();
    private static final AtomicInteger SENT = new AtomicInteger();

    @Value("${local.server.port}")
    int port;

    private String owner;
    private String tenant;

    @BeforeContainer
    static void count() {
        STATUSES.clear();
        SENT.set(0);
    }

    @AfterContainer
    static void report() {
        System.out.printf("generated bad input: %d requests, statuses %s%n", SENT.get(), new java.util.TreeMap<>(STATUSES));
    }

    /**
     * Each property works on a tenant of its own (PROFESSIONAL, with a member to change), so none disturbs another;
     * made on the property's first try (jqwik makes one instance per property; Spring has injected it by then).
     */
    private void ensureTenant() {
        if (tenant != null) {
            return;
        }
        Api api = new Api(port);
        owner = "fuzz-" + UUID.randomUUID();
        tenant = api.createTenant(owner, Api.slug("fuzz-"), "PROFESSIONAL");
        Api.Response added = api.post("/api/v1/tenants/" + tenant + "/members", Tokens.user(owner),
                "{\"userId\":\"target\",\"role\":\"MEMBER\"}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
    }

    @Property(tries = TRIES)
    void create_tenant(@ForAll("createTenantBodies") byte[] body) {
        survives("POST", "/api/v1/tenants", body, null);
    }

    @Property(tries = TRIES)
    void update_profile(@ForAll("profileBodies") byte[] body) {
        survives("PATCH", tenantPath(""), body, null);
    }

    @Property(tries = TRIES)
    void change_plan(@ForAll("planBodies") byte[] body) {
        survives("POST", tenantPath("/plan"), body, null);
    }

    @Property(tries = TRIES)
    void start_trial(@ForAll("trialBodies") byte[] body) {
        survives("POST", tenantPath("/trial"), body, null);
    }

    @Property(tries = TRIES)
    void override_limits(@ForAll("overrideBodies") byte[] body) {
        survives("PUT", tenantPath("/overrides"), body, null);
    }

    @Property(tries = TRIES)
    void add_member(@ForAll("addMemberBodies") byte[] body) {
        survives("POST", tenantPath("/members"), body, null);
    }

    @Property(tries = TRIES)
    void change_member_role(@ForAll("roleBodies") byte[] body) {
        survives("PUT", tenantPath("/members/target"), body, null);
    }

    @Property(tries = TRIES)
    void issue_api_key(@ForAll("apiKeyBodies") byte[] body) {
        survives("POST", tenantPath("/api-keys"), body, null);
    }

    @Property(tries = TRIES)
    void track_usage(@ForAll("usageBodies") byte[] body, @ForAll("idempotencyKeys") String key) {
        survives("POST", tenantPath("/usage"), body, key);
    }

    @Property(tries = TRIES)
    void track_usage_batch(@ForAll("batchBodies") byte[] body, @ForAll("idempotencyKeys") String key) {
        survives("POST", tenantPath("/usage/batch"), body, key);
    }

    /** Endpoints that take no body must ignore whatever is sent along. */
    @Property(tries = TRIES)
    void endpoints_without_a_body(@ForAll("bodylessEndpoints") String endpoint, @ForAll("anyBody") byte[] body) {
        String[] parts = endpoint.split(" ", 2);
        survives(parts[0], tenantPath(parts.length > 1 ? parts[1] : ""), body, null);
    }

    private String tenantPath(String rest) {
        ensureTenant();
        return "/api/v1/tenants/" + tenant + rest;
    }

    private void survives(String method, String path, byte[] body, String idempotencyKey) {
        ensureTenant();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + Tokens.user(owner));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> answer;
        try {
            answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        SENT.incrementAndGet();

        STATUSES.computeIfAbsent(Integer.toString(answer.statusCode()), s -> new AtomicInteger()).incrementAndGet();
        String described = method + " " + path + " " + new String(body, StandardCharsets.UTF_8) + " -> "
                + answer.statusCode() + " " + answer.body();
        assertThat(answer.statusCode()).as(described).isBetween(200, 499);
        assertThat(STACK_TRACE.matcher(answer.body()).find()).as("stack trace in " + described).isFalse();
        if (answer.statusCode() >= 400) {
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(described)
                    .startsWith("application/problem+json");
            assertThat(answer.body()).as(described).contains("\"type\":\"urn:hackops:problem:");
        }
    }

    // ---- generators -------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<byte[]> createTenantBodies() {
        return bodies(Map.of("name", text(), "slug", slugs(), "plan", enumOf("FREE", "STARTER", "PROFESSIONAL", "ENTERPRISE")));
    }

    @Provide
    Arbitrary<byte[]> profileBodies() {
        return bodies(Map.of("name", text(), "slug", slugs()));
    }

    @Provide
    Arbitrary<byte[]> planBodies() {
        return bodies(Map.of("plan", enumOf("FREE", "STARTER", "PROFESSIONAL", "ENTERPRISE"), "allowOverLimit", literals(),
                "effectiveAt", instants()));
    }

    @Provide
    Arbitrary<byte[]> trialBodies() {
        return bodies(Map.of("plan", enumOf("STARTER", "PROFESSIONAL", "ENTERPRISE"), "days", numbers()));
    }

    @Provide
    Arbitrary<byte[]> overrideBodies() {
        Arbitrary<String> limits = Arbitraries.maps(enumOf("EVENTS", "PARTICIPANTS", "STORAGE_BYTES", "ADMINS", "BANANAS"),
                Arbitraries.oneOf(numbers(), value(1))).ofMaxSize(5).map(GeneratedBadInputIT::object);
        Arbitrary<String> features = Arbitraries.maps(enumOf("SSO", "WEBHOOKS", "API_ACCESS", "TELEPORT"), literals())
                .ofMaxSize(4).map(GeneratedBadInputIT::object);
        return bodies(Map.of("limits", Arbitraries.oneOf(limits, value(2)), "features", Arbitraries.oneOf(features, value(2)),
                "reason", text(), "allowOverLimit", literals()));
    }

    @Provide
    Arbitrary<byte[]> addMemberBodies() {
        return bodies(Map.of("userId", text(), "email", Arbitraries.oneOf(text(), emails()),
                "displayName", text(), "role", enumOf("OWNER", "ADMIN", "MEMBER", "VIEWER")));
    }

    @Provide
    Arbitrary<byte[]> apiKeyBodies() {
        Arbitrary<String> scopes = Arbitraries.oneOf(Arbitraries.of("[\"read\"]", "[\"usage:write\",\"read\"]",
                "[\"read\",\"read\",\"read\"]", "[]", "[\"admin\"]", "[null]", "[1,2]", "\"read\""), value(2));
        return bodies(Map.of("name", text(), "scopes", scopes));
    }

    @Provide
    Arbitrary<byte[]> roleBodies() {
        return bodies(Map.of("role", enumOf("OWNER", "ADMIN", "MEMBER", "VIEWER")));
    }

    @Provide
    Arbitrary<byte[]> usageBodies() {
        return bodies(usageFields());
    }

    @Provide
    Arbitrary<byte[]> batchBodies() {
        Arbitrary<String> item = Arbitraries.frequencyOf(Tuple.of(4, shaped(usageFields())), Tuple.of(1, value(2)));
        // around the 1,000-item bound, with compact items (long strings there would only test the size limit)
        Arbitrary<String> compact = shaped(Map.of("metric", Arbitraries.of("\"EVENTS\"", "\"PARTICIPANTS\"", "\"ADMINS\"", "1"),
                "delta", numbers(), "occurredAt", instants()));
        Arbitrary<String> items = Arbitraries.frequencyOf(
                Tuple.of(4, item.list().ofMaxSize(20).map(list -> "[" + String.join(",", list) + "]")),
                Tuple.of(1, compact.list().ofMinSize(990).ofMaxSize(1010).map(list -> "[" + String.join(",", list) + "]")),
                Tuple.of(1, value(2)));
        return bodies(Map.of("items", items));
    }

    @Provide
    Arbitrary<byte[]> anyBody() {
        return Arbitraries.oneOf(value(3), brokenJson(), deepNesting()).map(GeneratedBadInputIT::utf8);
    }

    @Provide
    Arbitrary<String> bodylessEndpoints() {
        return Arbitraries.of("POST /suspend", "POST /reactivate", "DELETE /members/target", "DELETE /plan/scheduled",
                "DELETE /overrides", "DELETE /members/target/personal-data", "DELETE /api-keys/" + UUID.randomUUID(),
                "DELETE /api-keys/not-a-uuid", "DELETE");
    }

    @Provide
    Arbitrary<String> idempotencyKeys() {
        Arbitrary<String> visible = Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(300);
        Arbitrary<String> spaced = Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(40);
        return Arbitraries.frequencyOf(Tuple.of(3, visible), Tuple.of(1, spaced)).injectNull(0.4);
    }

    private static Map<String, Arbitrary<String>> usageFields() {
        return Map.of("metric", enumOf("EVENTS", "PARTICIPANTS", "STORAGE_BYTES", "ADMINS"), "delta", numbers(),
                "occurredAt", instants());
    }

    /** A body for an endpoint: mostly its own fields with good or bad values, else anything at all. */
    private static Arbitrary<byte[]> bodies(Map<String, Arbitrary<String>> fields) {
        return Arbitraries.frequencyOf(
                Tuple.of(12, shaped(fields).map(GeneratedBadInputIT::utf8)),
                Tuple.of(2, value(3).map(GeneratedBadInputIT::utf8)),
                Tuple.of(2, brokenJson().map(GeneratedBadInputIT::utf8)),
                Tuple.of(2, deepNesting().map(GeneratedBadInputIT::utf8)),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(300))) // also invalid UTF-8
                .edgeCases(edges -> edges.add(new byte[0]));
    }

    /** A JSON object with some of the endpoint's fields, and now and then one it does not know. */
    private static Arbitrary<String> shaped(Map<String, Arbitrary<String>> fields) {
        List<Arbitrary<Map.Entry<String, String>>> entries = new ArrayList<>();
        // a field is left out now and then (null), so missing fields are generated too
        fields.forEach((name, values) -> entries.add(Arbitraries.frequencyOf(Tuple.of(5, values), Tuple.of(2, value(1)))
                .injectNull(0.12).map(value -> Map.entry(name, value == null ? "" : value))));
        Arbitrary<List<Map.Entry<String, String>>> chosen = Combinators.combine(entries).as(list -> list);
        Arbitrary<String> unknown = Arbitraries.of("tenantId", "tenant_id", "@class", "__proto__", "constructor",
                "userId", "platform_admin", "role", "METRIC", "delta ");
        return Combinators.combine(chosen, unknown.optional(0.15), value(1)).as((known, extra, extraValue) -> {
            Map<String, String> object = new java.util.LinkedHashMap<>();
            known.stream().filter(e -> !e.getValue().isEmpty()).forEach(e -> object.put(e.getKey(), e.getValue()));
            extra.ifPresent(name -> object.put(name, extraValue));
            return object(object);
        });
    }

    /** Any JSON value: leaves of every kind, arrays and objects nested {@code depth} deep. */
    private static Arbitrary<String> value(int depth) {
        Arbitrary<String> leaf = Arbitraries.oneOf(text(), numbers(), literals(), instants(),
                enumOf("EVENTS", "OWNER", "FREE", "ENTERPRISE", "SSO"));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> array = value(depth - 1).list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]");
        Arbitrary<String> object = Arbitraries.maps(Arbitraries.oneOf(Arbitraries.strings().alpha().ofMaxLength(12), text()),
                value(depth - 1)).ofMaxSize(4).map(GeneratedBadInputIT::object);
        return Arbitraries.frequencyOf(Tuple.of(5, leaf), Tuple.of(1, array), Tuple.of(1, object));
    }

    private static Arbitrary<String> text() {
        Arbitrary<String> injections = Arbitraries.of("'; DROP TABLE tenant_slug; --", "\" OR \"1\"=\"1", "1; SELECT pg_sleep(5)",
                "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/x}", "#{7*7}", "{{7*7}}", "../../../../etc/passwd",
                "$(reboot)", "`id`", "\r\nSet-Cookie: admin=true", "%00", "\u0000", "\\u0000", "NaN", "null", "-0",
                "EVENTS\u0000", " EVENTS ", "events", "ＥＶＥＮＴＳ", "owner", "acme", "a-b", "ab", "x".repeat(64));
        Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(40);
        Arbitrary<String> plain = Arbitraries.strings().withCharRange('a', 'z').withChars('-', ' ', '.', '@').ofMaxLength(30);
        Arbitrary<String> emoji = Arbitraries.of("😀", "👩‍👩‍👧", "\u202Eevil", "\u200B", "\uFEFF", "\uD800", "\uDFFF", "Ωmega", "名前")
                .list().ofMaxSize(8).map(parts -> String.join("", parts));
        Arbitrary<String> longer = Arbitraries.strings().ofMinLength(121).ofMaxLength(20_000);
        return Arbitraries.frequencyOf(Tuple.of(3, injections), Tuple.of(3, unicode), Tuple.of(3, plain), Tuple.of(2, emoji),
                Tuple.of(1, longer)).map(GeneratedBadInputIT::quoted);
    }

    private static Arbitrary<String> slugs() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-').ofMinLength(1).ofMaxLength(70)
                        .map(GeneratedBadInputIT::quoted),
                text());
    }

    private static Arbitrary<String> emails() {
        return Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20),
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(300))
                .as((local, domain) -> quoted(local + "@" + domain + ".example"));
    }

    private static Arbitrary<String> numbers() {
        Arbitrary<String> raw = Arbitraries.of("0", "-0", "1", "-1", "1.5", "-1.5", "1e3", "1E400", "-1e400", "0.0000001",
                "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1000000000000000",
                "1000000000000001", "-1000000000000001", "123456789012345678901234567890", "NaN", "Infinity", "-Infinity",
                "0x10", "01", "+1", "1_000", ".5");
        return Arbitraries.oneOf(raw, Arbitraries.longs().map(String::valueOf), Arbitraries.integers().between(-100, 100)
                .map(String::valueOf), Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(30).negate(),
                java.math.BigInteger.TEN.pow(30)).map(String::valueOf), Arbitraries.doubles().map(String::valueOf));
    }

    private static Arbitrary<String> literals() {
        return Arbitraries.of("true", "false", "null", "\"true\"", "0", "1", "[]", "{}", "True", "yes");
    }

    private static Arbitrary<String> instants() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(-62_000_000_000L, 253_000_000_000L)
                        .map(s -> quoted(java.time.Instant.ofEpochSecond(s).toString())),
                Arbitraries.of("\"2026-11-27T12:00:00Z\"", "\"+999999999-12-31T23:59:59Z\"", "\"yesterday\"", "\"2026-13-45T99:99:99Z\"",
                        "\"2026-11-27\"", "\"2026-11-27T12:00:00+25:00\"", "0", "-1", "1700000000", "\"\""));
    }

    private static Arbitrary<String> enumOf(String... names) {
        return Arbitraries.oneOf(Arbitraries.of(names).map(GeneratedBadInputIT::quoted),
                Arbitraries.of(names).map(name -> quoted(name.toLowerCase())), text());
    }

    private static Arbitrary<String> brokenJson() {
        return Arbitraries.oneOf(
                Arbitraries.of("{", "}", "[", "{\"metric\":", "{\"metric\" \"EVENTS\"}", "{'metric':'EVENTS'}", "{metric:1}",
                        "{\"delta\":1,}", "[1,2,]", "\"unterminated", "nul", "tru", "{\"a\":1}{\"b\":2}", "{} trailing",
                        "<xml/>", "delta=1&metric=EVENTS", "\u0000", "{\"delta\":1 /* comment */}"),
                Arbitraries.strings().all().ofMaxLength(200));
    }

    private static Arbitrary<String> deepNesting() {
        return Arbitraries.integers().between(50, 5_000).flatMap(depth -> Arbitraries.of(
                "[".repeat(depth) + "]".repeat(depth),
                "{\"a\":".repeat(depth) + "1" + "}".repeat(depth),
                "{\"items\":" + "[".repeat(depth) + "]".repeat(depth) + "}",
                "[".repeat(depth)));
    }

    private static String object(Map<String, String> fields) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(name.startsWith("\"") ? name : quoted(name)).append(':').append(value);
        });
        return json.append('}').toString();
    }

    private static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

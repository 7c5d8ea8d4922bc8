package com.hackops.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hackops.command.support.Api;
import com.hackops.command.support.IntegrationTest;
import com.hackops.platform.security.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.StringJoiner;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Bodies over 128 KiB are refused with 413 problem+json, whether they declare their length or come chunked. */
@IntegrationTest
class RequestBodyLimitIT {

    private static final int LIMIT = 128 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    int port;

    private String owner;
    private String tenant;

    @BeforeEach
    void tenant() {
        owner = "big-" + UUID.randomUUID();
        tenant = new Api(port).createTenant(owner, Api.slug("big-"), "STARTER");
    }

    @Test
    void the_largest_legitimate_batch_fits() throws Exception {
        String body = widestBatch();
        assertThat(body.length()).isGreaterThan(90_000).isLessThanOrEqualTo(LIMIT);
        HttpResponse<String> answer = send(body, false, Tokens.user(owner));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).path("accepted").asInt()).isEqualTo(1000);
    }

    @Test
    void a_body_of_exactly_the_limit_is_read_and_one_byte_more_is_not() throws Exception {
        String item = "{\"metric\":\"EVENTS\",\"delta\":1}";
        String padded = item + " ".repeat(LIMIT - item.length());
        assertThat(send(padded, true, Tokens.user(owner)).statusCode()).isEqualTo(200);
        assertTooLarge(send(padded + " ", true, Tokens.user(owner)));
        assertTooLarge(send(padded + " ", false, Tokens.user(owner)));
    }

    @Test
    void a_huge_body_is_refused_before_authentication_and_parsing() throws Exception {
        // 1.4 MB: over the limit many times, and under what Tomcat swallows (2 MB) to keep the connection for the answer
        String huge = "[" + "1,".repeat(700_000) + "1]";
        assertTooLarge(send(huge, false, null));
        assertTooLarge(send(huge, true, Tokens.user(owner)));
    }

    private static void assertTooLarge(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:hackops:problem:payload-too-large");
        assertThat(problem.path("maxBytes").asInt()).isEqualTo(LIMIT);
    }

    /** 1,000 items, every field at its widest: a decrement (always accepted) with a nanosecond timestamp. */
    private static String widestBatch() {
        String at = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).plusNanos(123_456_789).toString();
        StringJoiner items = new StringJoiner(",", "{\"items\":[", "]}");
        for (int i = 0; i < 1000; i++) {
            items.add("{\"metric\":\"STORAGE_BYTES\",\"delta\":-1000000000000000,\"occurredAt\":\"" + at + "\"}");
        }
        return items.toString();
    }

    private HttpResponse<String> send(String body, boolean chunked, String token) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/tenants/" + tenant + (body.startsWith("{\"items\"") ? "/usage/batch" : "/usage")))
                .header("Content-Type", "application/json")
                .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                        : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

package com.hackops.query.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hackops.platform.security.Tokens;
import com.hackops.query.support.QueryIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The query side takes small bodies only (webhook registrations): over 16 KiB is 413, declared or chunked. */
@QueryIntegrationTest
class RequestBodyLimitIT {

    private static final int LIMIT = 16 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    int port;

    @Test
    void a_body_over_the_limit_is_refused_before_anything_reads_it() throws Exception {
        String oversized = "{\"url\":\"https://hooks.example.com/x\",\"description\":\"" + "d".repeat(LIMIT) + "\"}";
        for (boolean chunked : new boolean[] {false, true}) {
            for (String token : new String[] {null, Tokens.user("big-" + UUID.randomUUID())}) {
                HttpResponse<String> answer = post(oversized, chunked, token);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
                assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
                assertThat(new ObjectMapper().readTree(answer.body()).path("type").asText())
                        .isEqualTo("urn:hackops:problem:payload-too-large");
            }
        }
        HttpResponse<String> small = post("{\"url\":\"https://hooks.example.com/x\",\"events\":[\"THRESHOLD_80\"]}", true,
                Tokens.user("small-" + UUID.randomUUID()));
        assertThat(small.statusCode()).as("a small chunked body is read as usual: " + small.body()).isEqualTo(404);
    }

    private HttpResponse<String> post(String body, boolean chunked, String token) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/tenants/"
                        + UUID.randomUUID() + "/webhooks"))
                .header("Content-Type", "application/json")
                .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                        : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

package com.hackops.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A thin HTTP client of one service, speaking raw JSON as any client could. A service that is not there (stopped,
 * killed, restarting) shows as {@link UncheckedIOException}, so tests can tell it from an answer.
 */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final String base;
    private final int port;

    public Api(int port) {
        this.base = "http://127.0.0.1:" + port;
        this.port = port;
    }

    public int port() {
        return port;
    }

    /** The absolute URL of {@code path} on this service, e.g. for a browser. */
    public String url(String path) {
        return base + path;
    }

    /**
     * A metric of this service's {@code /actuator/prometheus}, summed over the series of {@code name} whose labels
     * contain every one of {@code labels} (e.g. {@code from="cache"}).
     */
    public double metric(String name, String... labels) {
        double sum = 0;
        for (String line : get("/actuator/prometheus", null).body().split("\n")) {
            if (line.startsWith(name + "{") && Arrays.stream(labels).allMatch(line::contains)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    public Response get(String path, String token, String... headers) {
        return send("GET", path, token, null, headers);
    }

    public Response post(String path, String token, String body, String... headers) {
        return send("POST", path, token, body, headers);
    }

    /** {@code headers} are name, value, name, value, … */
    public Response send(String method, String path, String token, String body, String... headers) {
        HttpRequest.BodyPublisher content = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).method(method, content);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(method + " " + path, response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + base + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Parses a JSON text (e.g. a request body a test built). */
    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An answer; {@link #toString()} names the request, for assertion messages. */
    public record Response(String request, int status, String contentType, String body, Map<String, List<String>> headers) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + this, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        /** An RFC 9457 problem of the platform with this status and {@code urn:hackops:problem:<type>}. */
        public boolean isProblem(int expectedStatus, String type) {
            return status == expectedStatus && contentType.startsWith("application/problem+json")
                    && json().path("type").asText().equals("urn:hackops:problem:" + type);
        }

        @Override
        public String toString() {
            return request + " -> " + status + " " + body;
        }
    }
}

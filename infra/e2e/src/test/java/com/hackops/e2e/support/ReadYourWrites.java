package com.hackops.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.core.ConditionTimeoutException;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How a client reads its own writes: it passes the {@code version} a command answered as {@code minVersion}, and
 * the query API answers only once its read models show that version. One request, no polling by the client.
 */
public final class ReadYourWrites {

    private ReadYourWrites() {
    }

    /** The {@code version} of a command's answer, which must have {@code status}. */
    public static long versionOf(Api.Response answer, int status) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(status);
        return answer.json().path("version").asLong();
    }

    /**
     * One read of {@code path} (below {@code /api/v1/tenants/{tenant}}, e.g. "" or "/usage") that must already show
     * {@code minVersion}: a 200 whose {@code Hackops-Version} is at least that version.
     */
    public static JsonNode read(Api query, String token, String tenant, String path, long minVersion) {
        return shown(query.get(pathOf(tenant, path, minVersion), token), minVersion);
    }

    /**
     * The first read of a tenant (or the first after a service came back): its projections may still be joining
     * their consumer group or, after a command-side restart, waiting for the publisher to reclaim its segments, so
     * this one read is retried until it shows {@code minVersion}.
     */
    public static JsonNode awaitRead(Api query, String token, String tenant, String path, long minVersion,
                                     Duration bound) {
        AtomicReference<Api.Response> last = new AtomicReference<>();
        try {
            await().atMost(bound).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .until(() -> {
                        last.set(query.get(pathOf(tenant, path, minVersion), token));
                        return last.get().status() == 200;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("tenant %s%s not at version %d within %s; last answer: %s"
                    .formatted(tenant, path, minVersion, bound, last.get()), e);
        }
        return shown(last.get(), minVersion);
    }

    private static String pathOf(String tenant, String path, long minVersion) {
        return "/api/v1/tenants/" + tenant + path + "?minVersion=" + minVersion;
    }

    private static JsonNode shown(Api.Response answer, long minVersion) {
        assertThat(answer.status()).as("read-your-writes %s", answer).isEqualTo(200);
        String shown = answer.header("Hackops-Version");
        if (shown != null) {
            assertThat(Long.parseLong(shown)).as("Hackops-Version of %s", answer).isGreaterThanOrEqualTo(minVersion);
        }
        return answer.json();
    }

    /** The entry of one metric in a {@code /usage} answer. */
    public static JsonNode metric(JsonNode usage, String metric) {
        for (JsonNode entry : usage.path("metrics")) {
            if (entry.path("metric").asText().equals(metric)) {
                return entry;
            }
        }
        throw new AssertionError("no metric " + metric + " in " + usage);
    }
}

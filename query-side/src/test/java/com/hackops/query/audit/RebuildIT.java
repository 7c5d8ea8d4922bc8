package com.hackops.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.hackops.events.types.Metric;
import com.hackops.platform.security.Tokens;
import com.hackops.query.support.Api;
import com.hackops.query.support.EventStore;
import com.hackops.query.support.History;
import com.hackops.query.support.OwnInstance;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rebuild while events keep arriving, on a query-side instance of its own (its own read database and consumer
 * group; the shared test event store and topic): it switches generations and every tenant ends consistent.
 */
class RebuildIT {

    @Test
    void a_rebuild_while_events_keep_flowing_switches_generations_and_ends_consistent() {
        try (EventStore store = new EventStore(); OwnInstance instance = OwnInstance.start("rebuild")) {
            Api api = instance.api();
            String admin = Tokens.platformAdmin("operator");
            List<History> tenants = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                History h = History.created("Rebuild " + i);
                for (int n = 1; n <= 40; n++) {
                    h.add(h.usage(Metric.PARTICIPANTS, 1, n, Instant.now()));
                }
                store.record(h, 0, Instant.now());
                tenants.add(h);
            }
            tenants.forEach(h -> awaitVersion(api, h));

            JsonNode job = api.post("/api/v1/admin/rebuilds", admin, null).json();
            String jobPath = "/api/v1/admin/rebuilds/" + job.get("id").asText();
            int round = 0;
            while (!api.get(jobPath, admin).json().get("phase").asText().matches("DONE|FAILED") && round < 200) {
                History h = tenants.get(round++ % tenants.size());
                h.add(h.usage(Metric.PARTICIPANTS, 1, h.events().size() - 1L, Instant.now()));
                store.record(h, h.events().size() - 1, Instant.now());
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> api.get(jobPath, admin).json().get("phase").asText().matches("DONE|FAILED"));
            JsonNode finished = api.get(jobPath, admin).json();
            assertThat(finished.get("phase").asText()).as(finished.toString()).isEqualTo("DONE");
            assertThat(finished.get("eventsDone").asLong()).isGreaterThanOrEqualTo(5 * 42);
            assertThat(finished.get("target").asText()).isEqualTo("read_green");

            for (History h : tenants) {
                h.add(h.usage(Metric.PARTICIPANTS, 1, h.events().size() - 1L, Instant.now()));
                store.record(h, h.events().size() - 1, Instant.now());
            }
            for (History h : tenants) {
                awaitVersion(api, h);
                JsonNode report = api.get("/api/v1/tenants/" + h.tenant + "/billing/reconciliation", admin).json();
                assertThat(report.get("consistent").asBoolean()).as(report.toString()).isTrue();
                JsonNode usage = api.get("/api/v1/tenants/" + h.tenant + "/usage", Tokens.user(h.owner)).json();
                assertThat(usage.get("metrics").get(1).get("used").asLong()).isEqualTo(h.lastSequence() - 1);
            }
        }
    }

    private static void awaitVersion(Api api, History h) {
        await().atMost(Duration.ofSeconds(60)).until(() -> Long.toString(h.lastSequence()).equals(
                api.get("/api/v1/tenants/" + h.tenant, Tokens.user(h.owner)).header("Hackops-Version")));
    }
}

package com.hackops.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.hackops.events.types.Metric;
import com.hackops.events.usage.UsageChange;
import com.hackops.events.usage.UsageTracked;
import com.hackops.platform.security.Tokens;
import com.hackops.query.support.Api;
import com.hackops.query.support.EventStore;
import com.hackops.query.support.History;
import com.hackops.query.support.CommandSideSchema;
import com.hackops.query.support.OwnInstance;
import com.hackops.query.support.TestInfrastructure;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tenant whose history is larger than what a reader of the event store may hold at once: usage batches of 1,000
 * changes (~110 KB each, the largest events there are). The reader's budget is cut to 1 MB here, so the driver refuses
 * any fetch over 2 MB; the statement, the reconciliation and a rebuild all read the whole history and agree. (A full
 * benchmark run found it: 9,367 such batches of one tenant, ~1 GB, and a rebuild that ran out of memory fetching
 * 2,000 rows at a time.)
 */
class LargeEventsReplayIT {

    private static final int BATCHES = 30;
    private static final int CHANGES = 1_000;

    /**
     * An event beyond the bound the fetch is sized by (none the command side can write; here put into the store by
     * SQL): the driver refuses the oversized fetch instead of filling the heap, and the caller gets a 500 as a problem
     * document that names the correlation id the cause is logged under.
     */
    @Test
    void a_fetch_over_twice_the_budget_fails_the_read_with_a_problem_not_the_service() {
        String events = eventStoreOfItsOwn("oversized");
        try (EventStore store = new EventStore(events); OwnInstance instance = withOneMegabyteBudget("oversized", events)) {
            Api api = instance.api();
            String admin = Tokens.platformAdmin("auditor");
            History h = History.created("Oversized");
            store.record(h, 0, Instant.now());
            await().atMost(Duration.ofSeconds(60)).until(() -> Long.toString(h.lastSequence()).equals(
                    api.get("/api/v1/tenants/" + h.tenant, admin).header("Hackops-Version")));
            byte[] huge = ("{\"padding\":\"" + "x".repeat(1_100_000) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (int sequence = 2; sequence < 6; sequence++) {
                store.append(h.tenant, sequence, UsageTracked.class.getName(), "1", huge, Instant.now());
            }

            Api.Response statement = api.get("/api/v1/tenants/" + h.tenant + "/billing/statement?period="
                    + Instant.now().toString().substring(0, 7), admin, "X-Correlation-Id", "oversized-fetch-1");
            assertThat(statement.isProblem(500, "internal-server-error")).as(statement.body()).isTrue();
            assertThat(statement.json().get("detail").asText()).contains("oversized-fetch-1").doesNotContain("maxResultBuffer");
            assertThat(statement.json().get("instance").asText()).isEqualTo("/api/v1/tenants/" + h.tenant + "/billing/statement");
            assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
        }
    }

    @Test
    void a_history_larger_than_the_readers_budget_is_read_whole_by_statement_reconciliation_and_rebuild() {
        assertThat(EventStoreReader.fetchRows(1024 * 1024)).isEqualTo(4);
        String events = eventStoreOfItsOwn("large");
        try (EventStore store = new EventStore(events); OwnInstance instance = withOneMegabyteBudget("large", events)) {
            Api api = instance.api();
            String admin = Tokens.platformAdmin("auditor");
            Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS);
            History h = History.created("Large Batches");
            long used = 0;
            for (int b = 0; b < BATCHES; b++) {
                List<UsageChange> changes = new ArrayList<>(CHANGES);
                for (int c = 0; c < CHANGES; c++) {
                    used += 1_000;
                    changes.add(new UsageChange(Metric.STORAGE_BYTES, 1_000, 1_000, used, start.plusMillis(b)));
                }
                h.add(new UsageTracked(h.id, changes, h.owner));
            }
            store.record(h, 0, start);
            await().atMost(Duration.ofSeconds(60)).until(() -> Long.toString(h.lastSequence()).equals(
                    api.get("/api/v1/tenants/" + h.tenant, admin).header("Hackops-Version")));

            Api.Response statement = api.get("/api/v1/tenants/" + h.tenant + "/billing/statement?from=" + start
                    + "&to=" + start.plus(1, ChronoUnit.HOURS), admin);
            assertThat(statement.status()).as(statement.body()).isEqualTo(200);
            assertThat(statement.json().get("events").get("count").asLong()).isEqualTo(BATCHES + 2);
            assertThat(statement.json().get("metrics").get(2).get("closing").asLong()).isEqualTo(used);

            JsonNode reconciliation = api.get("/api/v1/tenants/" + h.tenant + "/billing/reconciliation", admin).json();
            assertThat(reconciliation.get("consistent").asBoolean()).as(reconciliation.toString()).isTrue();

            String jobPath = "/api/v1/admin/rebuilds/" + api.post("/api/v1/admin/rebuilds", admin, null).json().get("id").asText();
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> api.get(jobPath, admin).json().get("phase").asText().matches("DONE|FAILED"));
            JsonNode job = api.get(jobPath, admin).json();
            assertThat(job.get("phase").asText()).as(job.toString()).isEqualTo("DONE");
            JsonNode usage = api.get("/api/v1/tenants/" + h.tenant + "/usage", admin).json();
            assertThat(usage.get("metrics").get(2).get("used").asLong()).isEqualTo(used);
            assertThat(api.get("/api/v1/tenants/" + h.tenant + "/billing/reconciliation", admin).json()
                    .get("consistent").asBoolean()).isTrue();
        }
    }

    /**
     * An event store of the test's own: an oversized event would fail every other rebuild of the shared test store
     * (it failed WebhooksIT's once), and the batches would only slow them.
     */
    private static String eventStoreOfItsOwn(String purpose) {
        String events = TestInfrastructure.extraDatabaseUrl(purpose + "_events");
        CommandSideSchema.migrate(events);
        return events;
    }

    private static OwnInstance withOneMegabyteBudget(String purpose, String events) {
        return OwnInstance.start(TestInfrastructure.extraDatabaseUrl(purpose), purpose + "-" + UUID.randomUUID(), events,
                "--hackops.audit.event-store.fetch-bytes=1MB");
    }
}

package com.hackops.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.hackops.events.types.Metric;
import com.hackops.events.usage.UsageTracked;
import com.hackops.platform.security.Tokens;
import com.hackops.query.support.Api;
import com.hackops.query.support.CommandSideSchema;
import com.hackops.query.support.EventStore;
import com.hackops.query.support.History;
import com.hackops.query.support.OwnInstance;
import com.hackops.query.support.TestInfrastructure;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rebuild whose replayers meet an event they cannot apply fails, and the generation that serves reads stays the
 * active one. On an event store of its own (a stored event no projection can read would break every other rebuild of
 * the shared test store), with several tenants, dealt to the replayers as they ask.
 */
class RebuildFailureIT {

    @Test
    void an_event_no_projection_can_read_fails_the_rebuild_and_the_active_generation_stays() throws SQLException {
        String events = TestInfrastructure.extraDatabaseUrl("rebuild_failure_events");
        CommandSideSchema.migrate(events);
        String reads = TestInfrastructure.extraDatabaseUrl("rebuild_failure");
        try (EventStore store = new EventStore(events);
             OwnInstance instance = OwnInstance.start(reads, "rebuild-failure-" + UUID.randomUUID(), events)) {
            List<History> tenants = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                History h = History.created("Failing rebuild " + i);
                for (int n = 1; n <= 10; n++) {
                    h.add(h.usage(Metric.PARTICIPANTS, 1, n, Instant.now()));
                }
                for (int sequence = 0; sequence < h.events().size(); sequence++) {
                    store.append(h.tenant, sequence, h.events().get(sequence), Instant.now());
                }
                tenants.add(h);
            }
            History broken = tenants.get(5);
            store.append(broken.tenant, broken.events().size(), UsageTracked.class.getName(),
                    UsageTracked.class.getAnnotation(Revision.class).value(),
                    "{\"tenantId\":".getBytes(StandardCharsets.UTF_8), Instant.now());
            String before = activeGeneration(reads);

            Api api = instance.api();
            String admin = Tokens.platformAdmin("operator");
            JsonNode job = api.post("/api/v1/admin/rebuilds", admin, null).json();
            String jobPath = "/api/v1/admin/rebuilds/" + job.get("id").asText();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> api.get(jobPath, admin).json().get("phase").asText().matches("DONE|FAILED"));

            JsonNode finished = api.get(jobPath, admin).json();
            assertThat(finished.get("phase").asText()).as(finished.toString()).isEqualTo("FAILED");
            assertThat(finished.get("error").asText()).as(finished.toString()).isNotBlank();
            assertThat(finished.get("target").asText()).isNotEqualTo(before);
            assertThat(activeGeneration(reads)).isEqualTo(before);
        }
    }

    private static String activeGeneration(String reads) throws SQLException {
        try (Connection connection = DriverManager.getConnection(reads, "hackops_owner", "hackops_owner");
             ResultSet active = connection.createStatement()
                     .executeQuery("SELECT schema_name FROM read_model_generation WHERE active")) {
            assertThat(active.next()).isTrue();
            return active.getString(1);
        }
    }
}

package com.hackops.command.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hackops.command.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache's check runs inside the tenant's lock on every command, so its cost must not grow with the tenant's
 * history in any plan PostgreSQL may cache — also on a table without statistics (a new store; this machine's
 * PostgreSQL runs without autovacuum), where the {@code max()} form was planned as an aggregate over every event
 * of the tenant.
 */
@IntegrationTest
class LastSequenceQueryPlanIT {

    private static final int EVENTS = 5_000;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void the_check_reads_one_index_entry_in_a_generic_plan_on_a_table_without_statistics() {
        JsonNode plan = genericPlan(StoreCheckedCache.lastSequenceQuery("plan_check"), "varchar", "'hot'",
                answer -> assertThat(answer).containsExactly(Map.entry("hot", (long) EVENTS)));

        // a limit straight over the index, read backwards: no aggregate the planner could prefer on a cost tie (the
        // max() form was planned Aggregate over the tenant's whole index range once its estimate fell to one row)
        assertThat(plan.get("Node Type").asText()).as(plan.toString()).isEqualTo("Limit");
        assertOneIndexEntryPerLook(plan, 1);
    }

    @Test
    void a_groups_check_reads_one_index_entry_per_tenant_in_a_generic_plan() {
        Map<String, Long> expected = new HashMap<>();
        expected.put("hot", (long) EVENTS);
        expected.put("other-5001", 5001L);
        expected.put("missing", null);
        JsonNode plan = genericPlan(StoreCheckedCache.lastSequencesQuery("plan_check"), "varchar[]",
                "ARRAY['hot', 'other-5001', 'missing']", answer -> assertThat(answer).isEqualTo(expected));

        // one look per tenant (three loops), each as the single check's
        assertOneIndexEntryPerLook(plan, 3);
    }

    /**
     * Runs the query as a generic plan (its answer checked, as tenant to last sequence number; a one-column answer is
     * the hot tenant's) on a table of the store's shape that has never been analyzed — exactly the store without statistics — holding
     * {@value #EVENTS} events of the hot tenant and 200 of others; answers the executed plan.
     */
    private JsonNode genericPlan(String query, String parameterType, String argument,
                                 Consumer<Map<String, Long>> checkAnswer) {
        return jdbc.execute((ConnectionCallback<JsonNode>) connection -> {
            try (Statement sql = connection.createStatement()) {
                sql.execute("CREATE TEMPORARY TABLE plan_check (LIKE domain_event_entry INCLUDING ALL)");
                sql.execute("""
                        INSERT INTO plan_check (event_identifier, aggregate_identifier, sequence_number, type,
                                                time_stamp, payload_type, payload)
                        SELECT 'e' || n, CASE WHEN n <= %d THEN 'hot' ELSE 'other-' || n END, n, 'Tenant',
                               '2026-11-27T00:00:00Z', 'UsageTracked', '\\x7b7d'::bytea
                        FROM generate_series(1, %d) AS n""".formatted(EVENTS, EVENTS + 200));
                sql.execute("SET plan_cache_mode = force_generic_plan");
                sql.execute("PREPARE plan_check_query(" + parameterType + ") AS " + query.replace("?", "$1"));
                String execute = "EXECUTE plan_check_query(" + argument + ")";
                Map<String, Long> answer = new HashMap<>();
                try (ResultSet rows = sql.executeQuery(execute)) {
                    while (rows.next()) {
                        boolean single = rows.getMetaData().getColumnCount() == 1;
                        answer.put(single ? "hot" : rows.getString(1), rows.getObject(single ? 1 : 2, Long.class));
                    }
                }
                checkAnswer.accept(answer);
                try (ResultSet explained = sql.executeQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + execute)) {
                    explained.next();
                    return new ObjectMapper().readTree(explained.getString(1)).get(0).get("Plan");
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            } finally {
                try (Statement sql = connection.createStatement()) {
                    sql.execute("DEALLOCATE ALL");
                    sql.execute("RESET plan_cache_mode");
                    sql.execute("DROP TABLE IF EXISTS plan_check");
                }
            }
        });
    }

    /** Every scan of the plan goes backwards over an index and reads at most one entry per loop. */
    private static void assertOneIndexEntryPerLook(JsonNode plan, int looks) {
        List<JsonNode> scans = new ArrayList<>();
        collectScans(plan, scans);
        assertThat(scans).as("scans of the generic plan " + plan).isNotEmpty();
        assertThat(scans).allSatisfy(scan -> {
            assertThat(scan.get("Node Type").asText()).as(scan.toString()).contains("Index");
            assertThat(scan.get("Scan Direction").asText()).as(scan.toString()).isEqualTo("Backward");
            assertThat(scan.get("Actual Rows").asLong()).as(scan.toString()).isLessThanOrEqualTo(1);
            assertThat(scan.get("Actual Loops").asLong()).as(scan.toString()).isEqualTo(looks);
        });
    }

    private static void collectScans(JsonNode node, List<JsonNode> scans) {
        if (node.has("Relation Name")) {
            scans.add(node);
        }
        node.path("Plans").forEach(child -> collectScans(child, scans));
    }
}

package com.hackops.command.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hackops.command.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

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
        JsonNode plan = jdbc.execute((ConnectionCallback<JsonNode>) connection -> {
            try (Statement sql = connection.createStatement()) {
                // a temporary table is never analyzed: exactly the store without statistics
                sql.execute("CREATE TEMPORARY TABLE plan_check (LIKE domain_event_entry INCLUDING ALL)");
                sql.execute("""
                        INSERT INTO plan_check (event_identifier, aggregate_identifier, sequence_number, type,
                                                time_stamp, payload_type, payload)
                        SELECT 'e' || n, CASE WHEN n <= %d THEN 'hot' ELSE 'other-' || n END, n, 'Tenant',
                               '2026-11-27T00:00:00Z', 'UsageTracked', '\\x7b7d'::bytea
                        FROM generate_series(1, %d) AS n""".formatted(EVENTS, EVENTS + 200));
                return generic(connection, sql, StoreCheckedCache.lastSequenceQuery("plan_check"));
            } finally {
                try (Statement sql = connection.createStatement()) {
                    sql.execute("DROP TABLE IF EXISTS plan_check");
                }
            }
        });

        // a limit straight over the index, read backwards: no aggregate the planner could prefer on a cost tie (the
        // max() form was planned Aggregate over the tenant's whole index range once its estimate fell to one row)
        assertThat(plan.get("Node Type").asText()).as(plan.toString()).isEqualTo("Limit");
        List<JsonNode> scans = new ArrayList<>();
        collectScans(plan, scans);
        assertThat(scans).as("scans of the generic plan").isNotEmpty();
        assertThat(scans).allSatisfy(scan -> {
            assertThat(scan.get("Node Type").asText()).as(scan.toString()).contains("Index");
            assertThat(scan.get("Scan Direction").asText()).as(scan.toString()).isEqualTo("Backward");
            assertThat(scan.get("Actual Rows").asLong()).as(scan.toString()).isLessThanOrEqualTo(1);
        });
    }

    /** The query's generic plan, executed for the hot tenant (its answer checked too). */
    private static JsonNode generic(Connection connection, Statement sql, String query) throws java.sql.SQLException {
        sql.execute("SET plan_cache_mode = force_generic_plan");
        try {
            sql.execute("PREPARE last_sequence(varchar) AS " + query.replace("?", "$1"));
            try (ResultSet answer = sql.executeQuery("EXECUTE last_sequence('hot')")) {
                assertThat(answer.next()).isTrue();
                assertThat(answer.getLong(1)).isEqualTo(EVENTS);
            }
            JsonNode plan;
            try (ResultSet explained = sql.executeQuery(
                    "EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE last_sequence('hot')")) {
                explained.next();
                plan = new ObjectMapper().readTree(explained.getString(1)).get(0).get("Plan");
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            sql.execute("DEALLOCATE last_sequence");
            return plan;
        } finally {
            sql.execute("RESET plan_cache_mode");
        }
    }

    private static void collectScans(JsonNode node, List<JsonNode> scans) {
        if (node.has("Relation Name")) {
            scans.add(node);
        }
        node.path("Plans").forEach(child -> collectScans(child, scans));
    }
}

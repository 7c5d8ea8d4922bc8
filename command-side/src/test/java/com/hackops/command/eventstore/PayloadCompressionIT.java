package com.hackops.command.eventstore;

import com.hackops.command.support.Api;
import com.hackops.command.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Event payloads are compressed with lz4, not PostgreSQL's default pglz, which cost five times the CPU to store a
 * batch of usage reports (V8__lz4_payloads.sql, BENCHMARKS.md). A batch is stored compressed and reads back whole.
 * On a PostgreSQL built without lz4 the migration keeps pglz, and these tests are skipped.
 */
@IntegrationTest
class PayloadCompressionIT {

    private static final int CHANGES = 1_000;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void lz4Available() {
        assumeTrue(jdbc.queryForObject(
                "SELECT 'lz4' = ANY (enumvals) FROM pg_settings WHERE name = 'default_toast_compression'",
                Boolean.class), "this PostgreSQL was built without lz4");
    }

    @Test
    void both_payload_columns_compress_with_lz4() {
        assertThat(jdbc.queryForList("""
                SELECT attrelid::regclass::text || '.' || attname || '=' || attcompression::text
                FROM pg_attribute
                WHERE attrelid IN ('domain_event_entry'::regclass, 'snapshot_event_entry'::regclass)
                  AND attname = 'payload'""", String.class))
                .containsExactlyInAnyOrder("domain_event_entry.payload=l", "snapshot_event_entry.payload=l");
    }

    @Test
    void a_batch_of_reports_is_stored_with_lz4_and_reads_back_whole() {
        Api api = new Api(port);
        Api.NewTenant created = api.newTenant("lz4-", "ENTERPRISE");
        String tenant = created.id();
        String usage = created.usage();
        String items = IntStream.range(0, CHANGES).mapToObj(i -> "{\"metric\":\"STORAGE_BYTES\",\"delta\":1}")
                .collect(Collectors.joining(",", "{\"items\":[", "]}"));

        Api.Response batch = api.post(usage + "/batch", created.token(), items);
        assertThat(batch.json().path("accepted").asInt()).as(batch.body()).isEqualTo(CHANGES);

        assertThat(jdbc.queryForObject("""
                SELECT pg_column_compression(payload) || ' ' || jsonb_array_length(json -> 'changes') || ' '
                       || (json -> 'changes' -> -1 ->> 'used')
                FROM domain_event_entry, LATERAL (SELECT convert_from(payload, 'UTF8')::jsonb AS json) AS read
                WHERE aggregate_identifier = ? AND payload_type LIKE '%.UsageTracked'""", String.class, tenant))
                .as("compression, changes read back, the last one's usage").isEqualTo("lz4 1000 1000");
    }
}

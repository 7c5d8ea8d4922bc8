package com.hackops.query.projection.usage;

import com.hackops.query.support.QueryIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code read_model_instant}, which turns the functions' microseconds back into a {@code timestamptz}: exact for any
 * year a usage report may name, whatever the session's time zone, and inlined into the statements that call it (an
 * IMMUTABLE declaration kept PostgreSQL from inlining it, and each call parsed and planned its body again).
 */
@QueryIntegrationTest
class InstantFunctionIT {

    private static final List<Instant> INSTANTS = List.of(Instant.EPOCH, Instant.parse("2026-12-07T21:30:00.123456Z"),
            Instant.parse("1969-12-31T23:59:59.999999Z"), Instant.parse("2026-03-29T01:30:00.000001Z"),
            Instant.parse("0000-06-01T10:20:30Z"), Instant.parse("-0001-12-31T23:59:59.999999Z"),
            Instant.parse("+10000-01-01T00:00:00Z"));

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void microseconds_come_back_as_the_same_instant_in_any_time_zone() {
        for (String zone : List.of("UTC", "Europe/Berlin", "America/St_Johns")) {
            List<Long> back = jdbc.execute((ConnectionCallback<List<Long>>) connection -> {
                try (Statement set = connection.createStatement()) {
                    set.execute("SET TIME ZONE '" + zone + "'");
                }
                List<Long> micros = new ArrayList<>();
                try (PreparedStatement read = connection.prepareStatement(
                        "SELECT (extract(epoch FROM public.read_model_instant(?)) * 1000000)::bigint")) {
                    for (Instant instant : INSTANTS) {
                        read.setLong(1, JsonInstants.micros(instant));
                        try (ResultSet row = read.executeQuery()) {
                            row.next();
                            micros.add(row.getLong(1));
                        }
                    }
                } finally {
                    try (Statement reset = connection.createStatement()) {
                        reset.execute("RESET TIME ZONE");
                    }
                }
                return micros;
            });
            assertThat(back).as(zone).isEqualTo(INSTANTS.stream().map(JsonInstants::micros).toList());
        }
    }

    @Test
    void the_function_is_inlined_into_the_statements_that_call_it() {
        String plan = String.join("\n", jdbc.queryForList(
                "EXPLAIN (VERBOSE, COSTS OFF) SELECT public.read_model_instant(x) FROM generate_series(1::bigint, 2) x",
                String.class));
        assertThat(plan).contains("to_timestamp").doesNotContain("read_model_instant");
    }
}

package com.hackops.query.projection;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.TransactionSystemException;

import java.net.SocketException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class TransientFailuresTest {

    private static UncategorizedSQLException sql(String state) {
        return new UncategorizedSQLException("apply", "UPDATE tenant_usage …", new SQLException("failed", state));
    }

    @Test
    void failures_of_the_database_pass() {
        assertThat(TransientFailures.isTransient(new TransactionSystemException("JDBC rollback failed"))).isTrue();
        assertThat(TransientFailures.isTransient(new CannotGetJdbcConnectionException("no connection"))).isTrue();
        assertThat(TransientFailures.isTransient(sql("08006"))).as("connection failure").isTrue();
        assertThat(TransientFailures.isTransient(sql("57P01"))).as("admin shutdown").isTrue();
        assertThat(TransientFailures.isTransient(sql("40001"))).as("serialization failure").isTrue();
        assertThat(TransientFailures.isTransient(new IllegalStateException("wrapped",
                new RuntimeException(new SocketException("Connection reset"))))).isTrue();
    }

    @Test
    void failures_of_the_event_park_it() {
        assertThat(TransientFailures.isTransient(sql("P0001"))).as("raised by a trigger").isFalse();
        assertThat(TransientFailures.isTransient(sql("23505"))).as("unique violation").isFalse();
        assertThat(TransientFailures.isTransient(new DataIntegrityViolationException("check"))).isFalse();
        assertThat(TransientFailures.isTransient(new IllegalArgumentException("undecodable payload"))).isFalse();
        assertThat(TransientFailures.isTransient(new IllegalArgumentException("unreadable payload",
                new com.fasterxml.jackson.core.JsonParseException(null, "Unexpected character")))).isFalse();
        assertThat(TransientFailures.isTransient(sql(null))).isFalse();
    }
}

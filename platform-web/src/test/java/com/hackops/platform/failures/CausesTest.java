package com.hackops.platform.failures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class CausesTest {

    @Test
    void finds_the_outermost_failure_of_a_type_anywhere_in_the_chain() {
        SQLException inner = new SQLException("reset", "08006");
        SQLException outer = new SQLException("wrapped", "XX000", inner);
        RuntimeException failure = new IllegalStateException("handler failed", new UncheckedIOException(
                new IOException(outer)));

        Throwable found = Causes.find(failure, SQLException.class); // (an SQLException is also an Iterable)
        assertThat(found).isSameAs(outer);
        assertThat(Causes.find(failure, IllegalStateException.class)).isSameAs(failure);
        assertThat(Causes.has(failure, IOException.class)).isTrue();
        assertThat(Causes.any(failure, t -> t instanceof SQLException sql && "08006".equals(sql.getSQLState())))
                .isTrue();
        assertThat(Causes.find(failure, ArithmeticException.class)).isNull();
        assertThat(Causes.has(null, RuntimeException.class)).isFalse();
    }

    @Test
    @Timeout(10)
    void a_chain_that_loops_back_on_itself_ends() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b); // a -> b -> a -> …

        assertThat(Causes.has(a, IOException.class)).isFalse();
        assertThat(Causes.find(a, RuntimeException.class)).isSameAs(a);
    }
}

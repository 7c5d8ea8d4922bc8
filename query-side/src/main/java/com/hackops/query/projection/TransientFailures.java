package com.hackops.query.projection;

import com.hackops.platform.failures.Causes;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.TransactionException;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells a failure of the infrastructure (the database connection reset or stalled, PostgreSQL restarting, a
 * serialization conflict) from a failure of the event itself. Only the latter may park an event: the former says
 * nothing about the event and passes, so the batch is retried as a whole until the database is back. Parking on a
 * reset connection stopped healthy tenants for good (found by the chaos suite's network faults, infra/chaos).
 * An unreadable payload is an {@code IOException} too (Jackson's): I/O failures count only as socket failures (the
 * driver reports its own as SQLSTATE class 08).
 */
final class TransientFailures {

    /** SQLSTATE classes and codes of failures that pass: connection (08), resources (53), operator intervention
     * (57, e.g. admin shutdown), system errors (58), serialization failure and deadlock (40001, 40P01), lock not
     * available (55P03). */
    private static final Set<String> CLASSES = Set.of("08", "53", "57", "58");
    private static final Set<String> CODES = Set.of("40001", "40P01", "55P03");

    private TransientFailures() {
    }

    static boolean isTransient(Throwable failure) {
        return Causes.any(failure, TransientFailures::passes);
    }

    private static boolean passes(Throwable t) {
        if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                || t instanceof DataAccessResourceFailureException || t instanceof TransactionException
                || t instanceof SQLTransientException || t instanceof SQLRecoverableException
                || t instanceof SocketException || t instanceof SocketTimeoutException) {
            return true;
        }
        return t instanceof SQLException sql && sql.getSQLState() != null && (CODES.contains(sql.getSQLState())
                || sql.getSQLState().length() >= 2 && CLASSES.contains(sql.getSQLState().substring(0, 2)));
    }
}

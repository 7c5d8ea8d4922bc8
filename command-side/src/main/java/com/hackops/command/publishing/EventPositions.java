package com.hackops.command.publishing;

import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.postgresql.PGStatement;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Global indexes of stored events. The processor's tracking token is not enough: an event that fills a gap (its
 * transaction committed after a later index) carries a token at the highest index seen so far, not its own.
 */
final class EventPositions {

    private final JdbcTemplate jdbc;
    private final String positionsQuery;
    private final String headQuery;

    EventPositions(JdbcTemplate jdbc, EventSchema schema) {
        this.jdbc = jdbc;
        this.positionsQuery = "SELECT %s, %s FROM %s WHERE %s = ANY (?)".formatted(schema.eventIdentifierColumn(),
                schema.globalIndexColumn(), schema.domainEventTable(), schema.eventIdentifierColumn());
        this.headQuery = "SELECT max(%s) FROM %s".formatted(schema.globalIndexColumn(), schema.domainEventTable());
    }

    /**
     * Event identifier to global index, in one query (the identifier column is unique, hence indexed). Planned
     * for each batch: a plan the connection cached while the store was small (and without statistics, as when
     * autovacuum is off) stayed a sequential scan of the whole store for every batch as the store grew.
     */
    Map<String, Long> of(Collection<String> eventIdentifiers) {
        Map<String, Long> positions = new HashMap<>(eventIdentifiers.size() * 2);
        jdbc.query(positionsQuery,
                statement -> {
                    statement.unwrap(PGStatement.class).setPrepareThreshold(0);
                    statement.setArray(1,
                            statement.getConnection().createArrayOf("varchar", eventIdentifiers.toArray()));
                },
                row -> {
                    positions.put(row.getString(1), row.getLong(2));
                });
        return positions;
    }

    /** The highest global index in the store, empty for an empty store. */
    OptionalLong head() {
        Long head = jdbc.queryForObject(headQuery, Long.class);
        return head == null ? OptionalLong.empty() : OptionalLong.of(head);
    }
}

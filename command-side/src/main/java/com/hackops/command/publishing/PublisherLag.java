package com.hackops.command.publishing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gauge {@code hackops.publisher.lag}: how many global positions the event store is ahead of what is published.
 * Measured from the token store rather than from this node's memory, so every node reports the same lag whichever
 * of them holds the processor's segments. The published position is the lowest over the segments: everything up
 * to it is on Kafka. Measured on a timer, so a metrics scrape never waits for the database.
 */
final class PublisherLag {

    private static final Logger log = LoggerFactory.getLogger(PublisherLag.class);

    private final JdbcTemplate jdbc;
    private final EventPositions positions;
    private final Serializer tokenSerializer;
    private final String tokensQuery;
    private final AtomicLong lag = new AtomicLong();

    PublisherLag(JdbcTemplate jdbc, EventPositions positions, TokenSchema tokens, Serializer tokenSerializer,
                 MeterRegistry meters) {
        this.jdbc = jdbc;
        this.positions = positions;
        this.tokenSerializer = tokenSerializer;
        this.tokensQuery = "SELECT %s, %s FROM %s WHERE %s = ?".formatted(tokens.tokenColumn(),
                tokens.tokenTypeColumn(), tokens.tokenTable(), tokens.processorNameColumn());
        Gauge.builder("hackops.publisher.lag", lag, AtomicLong::get)
                .description("global positions in the event store not yet published to Kafka")
                .register(meters);
    }

    @Scheduled(fixedDelay = 10, initialDelay = 10, timeUnit = TimeUnit.SECONDS)
    void refresh() {
        try {
            lag.set(measure());
        } catch (DataAccessException e) {
            log.debug("publisher lag not measured", e);
        }
    }

    /** Measures the lag now (also refreshes the gauge). */
    long measure() {
        OptionalLong head = positions.head();
        if (head.isEmpty()) {
            return 0;
        }
        List<Long> published = jdbc.query(tokensQuery, (row, n) -> positionOf(row.getBytes(1), row.getString(2)),
                KafkaPublisher.PROCESSING_GROUP);
        long lowest = published.stream().mapToLong(Long::longValue).min().orElse(-1);
        long measured = Math.max(0, head.getAsLong() - lowest);
        lag.set(measured);
        return measured;
    }

    private long positionOf(byte[] token, String type) {
        if (token == null || type == null) {
            return -1; // a segment that has not started: nothing of it is published
        }
        TrackingToken tracking = tokenSerializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
        return tracking == null ? -1 : tracking.position().orElse(-1);
    }
}

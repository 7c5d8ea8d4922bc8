package com.hackops.query.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.Revision;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * Appends events to the test event store as the command side's Axon JDBC engine stores them (JSON payload, type,
 * revision, ISO timestamp), with a chosen recording time, and publishes them to Kafka the way the publisher does.
 */
public final class EventStore implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final EventPublisher publisher = new EventPublisher();
    private final String url;

    /** The shared test event store of this JVM. */
    public EventStore() {
        this(TestInfrastructure.eventStoreUrl());
    }

    /** Another event store (a database the command side's migrations built). */
    public EventStore(String url) {
        this.url = url;
    }

    /** Stores event {@code sequence} of the tenant, recorded at {@code at}; returns its global position. */
    public long append(UUID tenantId, long sequence, Object payload, Instant at) {
        try {
            return append(tenantId, sequence, payload.getClass().getName(),
                    payload.getClass().getAnnotation(Revision.class).value(), JSON.writeValueAsBytes(payload), at);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores event {@code sequence} of the tenant as given: type, revision and payload bytes, whatever they hold. */
    public long append(UUID tenantId, long sequence, String type, String revision, byte[] payload, Instant at) {
        try (Connection connection = DriverManager.getConnection(url, "hackops_owner", "hackops_owner");
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
                                                     payload_type, payload_revision, payload)
                     VALUES (?, ?, ?, 'Tenant', ?, ?, ?, ?) RETURNING global_index""")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, tenantId.toString());
            insert.setLong(3, sequence);
            insert.setString(4, at.toString());
            insert.setString(5, type);
            insert.setString(6, revision);
            insert.setBytes(7, payload);
            var rows = insert.executeQuery();
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores and publishes events {@code from} (inclusive) to the end of {@code history}, all recorded at {@code at}. */
    public void record(History history, int from, Instant at) {
        for (int sequence = from; sequence < history.events().size(); sequence++) {
            append(history.tenant, sequence, history.events().get(sequence), at);
            publisher.publish(history.tenant, sequence, history.events().get(sequence), at);
        }
    }

    @Override
    public void close() {
        publisher.close();
    }
}

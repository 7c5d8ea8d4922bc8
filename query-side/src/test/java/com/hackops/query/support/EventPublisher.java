package com.hackops.query.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.hackops.events.wire.TenantEventsTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.serialization.Revision;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * Writes records to the test topic exactly as the command-side publisher does (the contract in
 * {@link TenantEventsTopic}), so the query side can be tested on its own.
 */
public final class EventPublisher implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.BOOTSTRAP,
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer());
    private final String topic;
    private long position = 1_000;

    /** Publishes to this JVM's common test topic. */
    public EventPublisher() {
        this(TestInfrastructure.topic());
    }

    /** Publishes to {@code topic} (a test's own, see {@link OwnPipeline}). */
    public EventPublisher(String topic) {
        this.topic = topic;
    }

    /** Publishes {@code payload} as event {@code sequence} of {@code tenantId} and waits for the acknowledgement. */
    public void publish(UUID tenantId, long sequence, Object payload) {
        publish(tenantId, sequence, payload, Instant.now());
    }

    public void publish(UUID tenantId, long sequence, Object payload, Instant at) {
        try {
            String revision = payload.getClass().getAnnotation(Revision.class).value();
            send(tenantId, sequence, TenantEventsTopic.type(payload.getClass().getName(), revision), JSON.writeValueAsBytes(payload), at);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes any bytes under any type: how a poison record is made. */
    public void send(UUID tenantId, long sequence, String type, byte[] value) {
        send(tenantId, sequence, type, value, Instant.now());
    }

    private void send(UUID tenantId, long sequence, String type, byte[] value, Instant at) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, tenantId.toString(), value);
        header(record, TenantEventsTopic.SPEC_VERSION, "1.0");
        header(record, TenantEventsTopic.ID, UUID.randomUUID().toString());
        header(record, TenantEventsTopic.TYPE, type);
        header(record, TenantEventsTopic.SOURCE, TenantEventsTopic.SOURCE_VALUE);
        header(record, TenantEventsTopic.TIME, at.toString());
        header(record, TenantEventsTopic.SUBJECT, tenantId.toString());
        header(record, TenantEventsTopic.CONTENT_TYPE, TenantEventsTopic.JSON);
        header(record, TenantEventsTopic.SEQUENCE, Long.toString(sequence));
        header(record, TenantEventsTopic.POSITION, Long.toString(position++));
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close();
    }
}

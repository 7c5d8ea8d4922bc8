package com.hackops.command.publishing;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.SerializedObject;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;

import static com.hackops.events.wire.TenantEventsTopic.CONTENT_TYPE;
import static com.hackops.events.wire.TenantEventsTopic.ID;
import static com.hackops.events.wire.TenantEventsTopic.JSON;
import static com.hackops.events.wire.TenantEventsTopic.POSITION;
import static com.hackops.events.wire.TenantEventsTopic.SEQUENCE;
import static com.hackops.events.wire.TenantEventsTopic.SOURCE;
import static com.hackops.events.wire.TenantEventsTopic.SOURCE_VALUE;
import static com.hackops.events.wire.TenantEventsTopic.SPEC_VERSION;
import static com.hackops.events.wire.TenantEventsTopic.SUBJECT;
import static com.hackops.events.wire.TenantEventsTopic.TIME;
import static com.hackops.events.wire.TenantEventsTopic.TYPE;
import static com.hackops.events.wire.TenantEventsTopic.type;

/** One stored event as a Kafka record, exactly as {@link com.hackops.events.wire.TenantEventsTopic} describes it. */
final class TenantEventRecords {

    static final String CLOUDEVENTS_VERSION = "1.0";

    private TenantEventRecords() {
    }

    /**
     * @param event    the stored event; its aggregate is the tenant
     * @param payload  the payload as the event store holds it (JSON)
     * @param position the event's global index in the event store
     */
    static ProducerRecord<String, byte[]> record(String topic, DomainEventMessage<?> event,
                                                  SerializedObject<byte[]> payload, long position) {
        String tenantId = event.getAggregateIdentifier();
        // no record timestamp: Kafka stamps the send time. The event's own time would make a topic rebuilt from
        // the event store fall under retention at once; consumers read the event time from ce_time.
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, tenantId, payload.getData());
        Headers headers = record.headers();
        add(headers, SPEC_VERSION, CLOUDEVENTS_VERSION);
        add(headers, ID, event.getIdentifier());
        add(headers, TYPE, type(payload.getType().getName(), payload.getType().getRevision()));
        add(headers, SOURCE, SOURCE_VALUE);
        add(headers, TIME, DateTimeFormatter.ISO_INSTANT.format(event.getTimestamp()));
        add(headers, SUBJECT, tenantId);
        add(headers, CONTENT_TYPE, JSON);
        add(headers, SEQUENCE, Long.toString(event.getSequenceNumber()));
        add(headers, POSITION, Long.toString(position));
        return record;
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

package com.hackops.query.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hackops.events.wire.TenantEventsTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.axonframework.serialization.Revision;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Turns a Kafka record of {@code tenant-events} into a {@link TenantEvent}. Only classes of the event contract
 * ({@code com.hackops.events.*}) are ever instantiated, and only at the revision this build knows.
 */
@Component
public class EventDecoder {

    private static final String CONTRACT_PACKAGE = "com.hackops.events.";

    private final ObjectMapper json;

    public EventDecoder(ObjectMapper json) {
        this.json = json.copy().configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    /** The tenant a record belongs to (its key), or {@code null} when the key is not a tenant id. */
    public static UUID tenantOf(ConsumerRecord<String, byte[]> record) {
        try {
            return record.key() == null ? null : UUID.fromString(record.key());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The headers of a record, without decoding its payload: enough to park it. */
    public TenantEvent envelope(ConsumerRecord<String, byte[]> record) {
        return new TenantEvent(tenantOf(record), number(record, TenantEventsTopic.SEQUENCE),
                number(record, TenantEventsTopic.POSITION), header(record, TenantEventsTopic.ID),
                header(record, TenantEventsTopic.TYPE), Instant.parse(header(record, TenantEventsTopic.TIME)), null);
    }

    public TenantEvent decode(ConsumerRecord<String, byte[]> record) {
        TenantEvent envelope = envelope(record);
        return new TenantEvent(envelope.tenantId(), envelope.sequence(), envelope.position(), envelope.eventId(),
                envelope.type(), envelope.occurredAt(), payload(envelope.type(), record.value()));
    }

    public Object payload(String type, byte[] value) {
        String className = TenantEventsTopic.payloadClassName(type);
        if (!className.startsWith(CONTRACT_PACKAGE)) {
            throw new IllegalArgumentException("not an event of the contract: " + type);
        }
        try {
            Class<?> payloadClass = Class.forName(className);
            Revision revision = payloadClass.getAnnotation(Revision.class);
            String known = revision == null ? "0" : revision.value();
            if (!known.equals(TenantEventsTopic.revision(type))) {
                throw new IllegalArgumentException("unknown revision of " + type + ", this build reads revision " + known);
            }
            return json.readValue(value, payloadClass);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("unknown event type " + type, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable payload of " + type + ": " + e.getMessage(), e);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null) {
            throw new IllegalArgumentException("record without header " + name);
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static long number(ConsumerRecord<String, byte[]> record, String name) {
        return Long.parseLong(header(record, name));
    }
}

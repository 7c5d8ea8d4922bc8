package com.hackops.query.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hackops.events.wire.TenantEventsTopic;
import com.hackops.events.wire.WireInstants;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.axonframework.serialization.Revision;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a Kafka record of {@code tenant-events} (or a stored event) into a {@link TenantEvent}. Only classes of the
 * event contract ({@code com.hackops.events.*}) are ever instantiated; an older revision is first carried through
 * the chain of {@link EventUpcaster}s to the revision this build knows.
 */
@Component
public class EventDecoder {

    private static final String CONTRACT_PACKAGE = "com.hackops.events.";

    private final ObjectMapper json;
    private final Map<String, EventUpcaster> upcasters = new HashMap<>();

    public EventDecoder(ObjectMapper json, List<EventUpcaster> upcasters) {
        this.json = json.copy().configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        for (EventUpcaster upcaster : upcasters) {
            if (this.upcasters.put(key(upcaster.payloadType(), upcaster.fromRevision()), upcaster) != null) {
                throw new IllegalStateException("two upcasters from " + upcaster.payloadType() + " revision " + upcaster.fromRevision());
            }
        }
    }

    private static String key(String payloadType, String revision) {
        return payloadType + "#" + revision;
    }

    /**
     * The tenant a record belongs to (its key), or {@code null} when the record is not an event of this platform: its
     * key is not a tenant id, or it lacks the envelope every published event carries (id, type, time, sequence and
     * position headers, readable). Such a record can be neither applied nor parked — parking needs its sequence — so
     * treating it as an event failed its whole batch for ever and stopped every tenant of its partition (found by the
     * chaos suite, infra/chaos); consumers ignore it instead, as they ignore records without a tenant key.
     */
    public static UUID tenantOf(ConsumerRecord<String, byte[]> record) {
        UUID tenant;
        try {
            tenant = record.key() == null ? null : UUID.fromString(record.key());
        } catch (IllegalArgumentException e) {
            return null;
        }
        return tenant != null && hasEnvelope(record) ? tenant : null;
    }

    /** The event type of a record {@link #tenantOf} accepted (its envelope is complete), without decoding the rest. */
    public static String typeOf(ConsumerRecord<String, byte[]> record) {
        return header(record, TenantEventsTopic.TYPE);
    }

    private static boolean hasEnvelope(ConsumerRecord<String, byte[]> record) {
        try {
            number(record, TenantEventsTopic.SEQUENCE);
            number(record, TenantEventsTopic.POSITION);
            header(record, TenantEventsTopic.ID);
            header(record, TenantEventsTopic.TYPE);
            WireInstants.parse(header(record, TenantEventsTopic.TIME));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The headers of a record, without decoding its payload: enough to park it. */
    public TenantEvent envelope(ConsumerRecord<String, byte[]> record) {
        return new TenantEvent(tenantOf(record), number(record, TenantEventsTopic.SEQUENCE),
                number(record, TenantEventsTopic.POSITION), header(record, TenantEventsTopic.ID),
                header(record, TenantEventsTopic.TYPE), WireInstants.parse(header(record, TenantEventsTopic.TIME)), null);
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
            String current = TenantEventsTopic.revision(type);
            if (known.equals(current)) {
                return json.readValue(value, payloadClass);
            }
            JsonNode tree = json.readTree(value);
            while (!known.equals(current)) {
                EventUpcaster upcaster = upcasters.get(key(className, current));
                if (upcaster == null || !(tree instanceof ObjectNode object)) {
                    throw new IllegalArgumentException("no upcaster from revision " + current + " of " + className
                            + "; this build reads revision " + known);
                }
                tree = upcaster.upcast(object);
                current = upcaster.toRevision();
            }
            return json.treeToValue(tree, payloadClass);
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

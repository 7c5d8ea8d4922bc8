package com.hackops.command.publishing;

import com.hackops.command.faults.CrashPoints;
import com.hackops.command.personaldata.MemberAddedUpcaster;
import com.hackops.events.membership.MemberAdded;
import com.hackops.events.usage.UsageTracked;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.SerializedMessage;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The publisher relays an event's JSON as read from the store: it never deserializes a payload to send it. */
class KafkaPublisherTest {

    private final Serializer serializer = JacksonSerializer.defaultSerializer();

    @Test
    void an_event_joins_the_batch_as_its_stored_bytes_without_its_payload_being_read() {
        // bytes no reader of UsageTracked accepts: reading the payload would throw
        byte[] stored = "{\"changes\": [not JSON".getBytes(StandardCharsets.UTF_8);
        DomainEventMessage<?> event = storedEvent(stored);
        assertThatThrownBy(event::getPayload).as("the payload cannot be read")
                .isInstanceOf(SerializationException.class);

        KafkaPublisher.Outgoing outgoing = handled(event);
        assertThat(outgoing.event()).isSameAs(event);
        assertThat(outgoing.json().getData()).isEqualTo(stored);
        assertThat(outgoing.json().getType().getName()).isEqualTo(UsageTracked.class.getName());
    }

    /** What an upcaster removed from a stored event (a revision-1 member's plain e-mail address) never reaches Kafka. */
    @Test
    void an_upcast_event_is_sent_as_its_upcaster_wrote_it_not_as_stored() throws Exception {
        String type = MemberAdded.class.getName();
        byte[] stored = new ClassPathResource("event-samples/" + type + ".v1.json").getContentAsByteArray();
        assertThat(new String(stored, StandardCharsets.UTF_8)).contains("bob@example.com");
        var entry = new GenericDomainEventEntry<>("Tenant", UUID.randomUUID().toString(), 0,
                UUID.randomUUID().toString(), Instant.EPOCH, type, "1", stored, "{}".getBytes(StandardCharsets.UTF_8));
        DomainEventMessage<?> event = (DomainEventMessage<?>) EventUtils.upcastAndDeserializeTrackedEvents(
                        Stream.of(new TrackedDomainEventData<>(new GlobalSequenceTrackingToken(1), entry)), serializer,
                        new EventUpcasterChain(new MemberAddedUpcaster()))
                .findFirst().orElseThrow();

        KafkaPublisher.Outgoing outgoing = handled(event);
        assertThat(outgoing.json().getType().getRevision()).isEqualTo("2");
        String sent = new String(outgoing.json().getData(), StandardCharsets.UTF_8);
        assertThat(sent).contains("\"userId\":\"bob\"").doesNotContain("example.com").doesNotContain("email");
    }

    /** Hands the event to the publisher as its processor would, and answers what joined the batch (nothing is sent). */
    private KafkaPublisher.Outgoing handled(DomainEventMessage<?> event) {
        KafkaPublishingProperties properties = new KafkaPublishingProperties(true, "127.0.0.1:9", "unused", 1,
                (short) 1, Duration.ofSeconds(1), "unused");
        try (KafkaPublisher publisher = new KafkaPublisher(properties, null, serializer, null, new SimpleMeterRegistry(),
                CrashPoints.none())) {
            AnnotationEventHandlerAdapter handler = new AnnotationEventHandlerAdapter(publisher);
            UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(event);
            try {
                assertThat(handler.canHandle(event)).isTrue();
                handler.handle(event);
                List<KafkaPublisher.Outgoing> batch = unitOfWork.getResource(KafkaPublisher.BATCH);
                assertThat(batch).hasSize(1);
                return batch.get(0);
            } catch (Exception e) {
                throw new AssertionError("the publisher did not take the event", e);
            } finally {
                unitOfWork.rollback(); // publishing happens as the unit of work commits
            }
        }
    }

    /** A usage event as the event store reads it back: serialized payload and metadata, read lazily. */
    private DomainEventMessage<?> storedEvent(byte[] payload) {
        SerializedMessage<?> message = new SerializedMessage<>(UUID.randomUUID().toString(),
                new SimpleSerializedObject<>(payload, byte[].class, UsageTracked.class.getName(), "1"),
                new SimpleSerializedObject<>("{}".getBytes(StandardCharsets.UTF_8), byte[].class,
                        MetaData.class.getName(), null),
                serializer);
        return new GenericDomainEventMessage<>("Tenant", UUID.randomUUID().toString(), 7, message, Instant::now);
    }
}

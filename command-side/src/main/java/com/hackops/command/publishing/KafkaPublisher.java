package com.hackops.command.publishing;

import com.hackops.command.faults.CrashPoints;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes every stored event to the tenant-events topic ({@link com.hackops.events.wire.TenantEventsTopic}).
 * <p>
 * It runs in the pooled streaming processor {@value #PROCESSING_GROUP}, which reads the event store: the store is
 * the outbox. The processor hands over a batch of events in one unit of work and stores its token when that unit
 * commits. The events are sent while the unit prepares to commit, and the commit waits for every acknowledgement:
 * any failure rolls the batch back, the token stays, and the processor retries the batch later. Delivery is
 * at-least-once (a retried batch may repeat records that were acknowledged before the failure), in order per tenant
 * (the sequencing policy keeps one tenant's events in one segment, handled by one thread, batch after batch).
 */
@ProcessingGroup(KafkaPublisher.PROCESSING_GROUP)
@DisallowReplay // a replay rebuilds local state; republishing history would hand every consumer old events again
final class KafkaPublisher implements AutoCloseable {

    static final String PROCESSING_GROUP = "kafka-publisher";

    static final String BATCH = KafkaPublisher.class.getName() + ".batch";

    private final KafkaCluster cluster;
    private final ProducerSlot producers;
    private final Serializer serializer;
    private final EventPositions positions;
    private final Duration sendTimeout;
    private final Counter published;
    private final Counter failedBatches;
    private final CrashPoints crashPoints;

    KafkaPublisher(KafkaPublishingProperties properties, KafkaCluster cluster, Serializer eventSerializer,
                   EventPositions positions, MeterRegistry meters, CrashPoints crashPoints) {
        this.cluster = cluster;
        this.producers = new ProducerSlot(properties);
        this.serializer = eventSerializer;
        this.positions = positions;
        this.sendTimeout = properties.sendTimeout();
        this.published = Counter.builder("hackops.publisher.published")
                .description("events acknowledged by Kafka").register(meters);
        this.failedBatches = Counter.builder("hackops.publisher.failed")
                .description("batches Kafka did not acknowledge in time; each is retried").register(meters);
        this.crashPoints = crashPoints;
    }

    /**
     * Every event, whatever its payload, joins the batch of the current unit of work. The handler takes the message,
     * not the payload: a payload parameter makes Axon deserialize each event (a usage batch into its 1,000 changes)
     * only for the publisher to send the JSON it was read from.
     */
    @EventHandler
    void on(DomainEventMessage<?> event) {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        // the event store's JSON as read, converted to bytes, never deserialized: the stored bytes, or an upcaster's
        // output where one applies (MemberAddedUpcaster: a member's e-mail address never reaches the topic)
        SerializedObject<byte[]> json = event.serializePayload(serializer, byte[].class);
        unitOfWork.getOrComputeResource(BATCH, key -> openBatch(unitOfWork)).add(new Outgoing(event, json));
    }

    private List<Outgoing> openBatch(UnitOfWork<?> unitOfWork) {
        List<Outgoing> batch = new ArrayList<>();
        unitOfWork.onPrepareCommit(u -> publish(batch));
        unitOfWork.afterCommit(u -> published.increment(batch.size()));
        return batch;
    }

    private void publish(List<Outgoing> batch) {
        Producer<String, byte[]> producer = null;
        try {
            cluster.ensureTopic();
            Map<String, Long> globalIndexes = positions.of(batch.stream().map(o -> o.event().getIdentifier()).toList());
            producer = producers.current();
            List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
            for (Outgoing outgoing : batch) {
                Future<RecordMetadata> ack = producer.send(TenantEventRecords.record(cluster.topic(), outgoing.event(),
                        outgoing.json(), positionOf(outgoing, globalIndexes)));
                acks.add(ack);
                if (ack.isDone()) {
                    ack.get(); // failed at once (no metadata within the send timeout): do not try the rest
                }
            }
            producer.flush(); // no linger: the batch is complete
            awaitAll(acks);
            // the processor wrote its token before this prepare-commit step, in the transaction that commits next
            crashPoints.reach(CrashPoints.Point.AFTER_KAFKA_SEND_BEFORE_TOKEN,
                    () -> "Kafka acknowledged a batch of %d events (first %s), its token is not committed"
                            .formatted(batch.size(), batch.get(0).event().getIdentifier()));
        } catch (ExecutionException e) {
            throw failed(batch, producer, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(batch, producer, e);
        } catch (TimeoutException | RuntimeException e) {
            throw failed(batch, producer, e);
        }
    }

    private void awaitAll(List<Future<RecordMetadata>> acks)
            throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        for (Future<RecordMetadata> ack : acks) {
            ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    private static long positionOf(Outgoing outgoing, Map<String, Long> globalIndexes) {
        Long position = globalIndexes.get(outgoing.event().getIdentifier());
        if (position == null) {
            throw new IllegalStateException("event " + outgoing.event().getIdentifier() + " is not in the event store");
        }
        return position;
    }

    private PublishingFailed failed(List<Outgoing> batch, Producer<String, byte[]> producer, Throwable cause) {
        failedBatches.increment();
        if (producer != null) {
            producers.discard(producer);
        }
        return new PublishingFailed("Kafka did not take a batch of %d events (first %s): %s"
                .formatted(batch.size(), batch.get(0).event().getIdentifier(), cause), cause);
    }

    @Override
    public void close() {
        producers.close();
    }

    record Outgoing(DomainEventMessage<?> event, SerializedObject<byte[]> json) {
    }
}

package com.hackops.query.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Projection lag per partition this instance consumes, seen from the consumer itself:
 * <ul>
 *   <li>{@code hackops.projection.lag.records{partition}}: records on the partition not yet applied (the log end as
 *       the consumer last fetched it, minus its position, plus the batch in hand);</li>
 *   <li>{@code hackops.projection.lag.seconds{partition}}: age of the oldest record not yet applied (its Kafka
 *       timestamp, the publisher's send time), 0 when caught up. Computed when scraped, so a stuck batch shows a
 *       growing lag rather than a frozen one.</li>
 * </ul>
 * Spring Boot hands this bean to the listener container as its batch interceptor (before and after each batch,
 * on the consumer thread) and rebalance listener (gauges follow the partitions' assignment).
 */
@Component
public class ProjectionLag implements BatchInterceptor<Object, Object>, ConsumerAwareRebalanceListener {

    private static final long NONE = -1;

    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<Integer, PartitionLag> partitions = new ConcurrentHashMap<>();

    ProjectionLag(MeterRegistry meters) {
        this.meters = meters;
        this.clock = Clock.systemUTC();
    }

    /** The partitions this instance currently projects. */
    public List<Integer> assignedPartitions() {
        return partitions.keySet().stream().sorted().toList();
    }

    @Override
    public ConsumerRecords<Object, Object> intercept(ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<Object, Object>> batch = records.records(partition);
            PartitionLag lag = lagOf(partition.partition());
            lag.records = behind(consumer, partition) + batch.size();
            lag.oldestUnapplied = batch.get(0).timestamp();
        }
        return records;
    }

    @Override
    public void success(ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<Object, Object>> batch = records.records(partition);
            PartitionLag lag = lagOf(partition.partition());
            long behind = behind(consumer, partition);
            lag.records = behind;
            // the next record was sent no earlier than the last applied one: its age is at most this
            lag.oldestUnapplied = behind == 0 ? NONE : batch.get(batch.size() - 1).timestamp();
        }
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> assigned) {
        assigned.forEach(partition -> lagOf(partition.partition()));
    }

    @Override
    public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
        revoked.forEach(partition -> forget(partition.partition()));
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> lost) {
        lost.forEach(partition -> forget(partition.partition()));
    }

    private static long behind(Consumer<?, ?> consumer, TopicPartition partition) {
        return consumer.currentLag(partition).orElse(0);
    }

    private PartitionLag lagOf(int partition) {
        return partitions.computeIfAbsent(partition, p -> new PartitionLag(p, meters, clock));
    }

    private void forget(int partition) {
        PartitionLag lag = partitions.remove(partition);
        if (lag != null) {
            meters.remove(lag.recordsGauge);
            meters.remove(lag.secondsGauge);
        }
    }

    private static final class PartitionLag {
        private volatile long records;
        private volatile long oldestUnapplied = NONE;
        private final Gauge recordsGauge;
        private final Gauge secondsGauge;

        PartitionLag(int partition, MeterRegistry meters, Clock clock) {
            String tag = Integer.toString(partition);
            recordsGauge = Gauge.builder("hackops.projection.lag.records", this, lag -> lag.records)
                    .description("records of the partition not yet applied to the read models")
                    .tag("partition", tag).register(meters);
            secondsGauge = Gauge.builder("hackops.projection.lag.seconds", this,
                            lag -> lag.oldestUnapplied == NONE ? 0 : Math.max(0, clock.millis() - lag.oldestUnapplied) / 1000.0)
                    .description("age of the oldest record of the partition not yet applied; 0 when caught up")
                    .baseUnit("seconds").tag("partition", tag).register(meters);
        }
    }
}

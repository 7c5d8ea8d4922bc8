package com.hackops.command.publishing;

import com.hackops.command.support.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/** Reads a whole topic from its beginning with a plain consumer (no group, nothing committed), as a consumer would. */
final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

    TopicReader(String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.BOOTSTRAP,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "command-side-tests-reader"),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        await("partitions of " + topic).atMost(Duration.ofSeconds(15)).until(() -> {
            consumer.partitionsFor(topic, Duration.ofSeconds(2))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            return !partitions.isEmpty();
        });
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads until the records keyed by {@code keys} carry every event id in {@code eventIds}; returns those records. */
    List<ConsumerRecord<String, byte[]>> readUntilAll(Collection<String> keys, Collection<String> eventIds,
                                                      Duration atMost) {
        Set<String> wanted = Set.copyOf(eventIds);
        return readUntil(keys, records -> records.stream().map(r -> header(r, "ce_id"))
                .collect(Collectors.toSet()).containsAll(wanted), atMost);
    }

    /** Reads until the records keyed by {@code keys} satisfy {@code done}; returns those records. */
    List<ConsumerRecord<String, byte[]>> readUntil(Collection<String> keys,
                                                   Predicate<List<ConsumerRecord<String, byte[]>>> done,
                                                   Duration atMost) {
        await("records keyed by " + keys).atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            return done.test(keyedBy(keys));
        });
        // anything sent in the same batches (a duplicate would be) has arrived by now as well
        consumer.poll(Duration.ofMillis(300)).forEach(records::add);
        return keyedBy(keys);
    }

    private List<ConsumerRecord<String, byte[]>> keyedBy(Collection<String> keys) {
        return records.stream().filter(r -> keys.contains(r.key())).toList();
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}

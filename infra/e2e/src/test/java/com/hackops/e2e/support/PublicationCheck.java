package com.hackops.e2e.support;

import com.hackops.events.wire.TenantEventsTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox promise, checked from outside: every event in the command side's event store is on the topic, under
 * its tenant's key, with its headers, and each tenant's events first appear in sequence order 0, 1, 2, … (delivery
 * is at-least-once, so a record may repeat, but never one that was not stored and never out of order).
 */
public final class PublicationCheck {

    private static final Duration BOUND = Duration.ofSeconds(90);

    /** A row of {@code domain_event_entry}. */
    public record StoredEvent(String id, String tenant, long sequence, long globalIndex, String payloadType,
                              String revision) {
    }

    /** A record of the topic, with the headers of the contract ({@link TenantEventsTopic}). */
    public record PublishedRecord(int partition, long offset, String key, String id, String subject, String type,
                                  long sequence, long position) {
    }

    private PublicationCheck() {
    }

    /** Asserts the promise for everything stored so far and returns the records read (the whole topic). */
    public static List<PublishedRecord> verify(Platform platform) throws SQLException {
        Map<String, StoredEvent> stored = storedEvents(platform);
        assertThat(stored).as("events in the event store").isNotEmpty();
        List<PublishedRecord> published = readTopic(platform.topic(), stored.keySet());

        assertThat(published.stream().map(PublishedRecord::id).collect(Collectors.toSet()))
                .as("ce_id of the records on %s = event identifiers in domain_event_entry", platform.topic())
                .isEqualTo(stored.keySet());
        for (PublishedRecord record : published) {
            StoredEvent event = stored.get(record.id());
            assertThat(record.key()).as("key of %s", record).isEqualTo(event.tenant());
            assertThat(UUID.fromString(record.key()).toString()).isEqualTo(record.key());
            assertThat(record.subject()).as("ce_subject of %s", record).isEqualTo(event.tenant());
            assertThat(record.sequence()).as("hackops_sequence of %s", record).isEqualTo(event.sequence());
            assertThat(record.position()).as("hackops_position of %s", record).isEqualTo(event.globalIndex());
            assertThat(record.type()).as("ce_type of %s", record)
                    .isEqualTo(TenantEventsTopic.type(event.payloadType(), event.revision()));
        }
        Map<String, Long> storedPerTenant = stored.values().stream()
                .collect(Collectors.groupingBy(StoredEvent::tenant, Collectors.counting()));
        Map<String, List<PublishedRecord>> perTenant = published.stream()
                .collect(Collectors.groupingBy(PublishedRecord::key, LinkedHashMap::new, Collectors.toList()));
        assertThat(perTenant.keySet()).as("tenants on the topic").isEqualTo(storedPerTenant.keySet());
        perTenant.forEach((tenant, records) -> {
            assertThat(records.stream().map(PublishedRecord::partition).distinct())
                    .as("partitions of tenant %s", tenant).hasSize(1);
            Set<Long> firstAppearances = new LinkedHashSet<>();
            records.forEach(record -> firstAppearances.add(record.sequence()));
            assertThat(firstAppearances).as("hackops_sequence of tenant %s in offset order, repeats left out", tenant)
                    .containsExactlyElementsOf(LongStream.range(0, storedPerTenant.get(tenant)).boxed().toList());
        });
        return published;
    }

    private static Map<String, StoredEvent> storedEvents(Platform platform) throws SQLException {
        Map<String, StoredEvent> events = new HashMap<>();
        try (Connection connection = platform.connectToEventStore(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT event_identifier, aggregate_identifier, sequence_number, global_index, payload_type,
                            payload_revision
                     FROM domain_event_entry""")) {
            while (rows.next()) {
                StoredEvent event = new StoredEvent(rows.getString(1), rows.getString(2), rows.getLong(3),
                        rows.getLong(4), rows.getString(5), rows.getString(6));
                events.put(event.id(), event);
            }
        }
        return events;
    }

    /** Reads the topic from the beginning until every one of {@code ids} was seen, then on to its current end. */
    private static List<PublishedRecord> readTopic(String topic, Set<String> ids) {
        List<PublishedRecord> records = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = Broker.reader()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await("every stored event on " + topic).atMost(BOUND).pollInSameThread().pollInterval(Duration.ofMillis(1))
                    .until(() -> {
                        poll(consumer, records, seen);
                        return seen.containsAll(ids);
                    });
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await("the end of " + topic).atMost(BOUND).pollInSameThread().pollInterval(Duration.ofMillis(1))
                    .until(() -> {
                        poll(consumer, records, seen);
                        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
                    });
        }
        return records;
    }

    private static void poll(KafkaConsumer<String, byte[]> consumer, List<PublishedRecord> records, Set<String> seen) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            PublishedRecord published = new PublishedRecord(record.partition(), record.offset(), record.key(),
                    header(record, TenantEventsTopic.ID), header(record, TenantEventsTopic.SUBJECT),
                    header(record, TenantEventsTopic.TYPE), Long.parseLong(header(record, TenantEventsTopic.SEQUENCE)),
                    Long.parseLong(header(record, TenantEventsTopic.POSITION)));
            records.add(published);
            seen.add(published.id());
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s of %s-%d@%d", name, record.topic(), record.partition(), record.offset())
                .isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}

package com.hackops.command.publishing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hackops.command.faults.CrashPoints;
import com.hackops.command.support.Api;
import com.hackops.command.support.IntegrationTest;
import com.hackops.command.support.TestKafka;
import com.hackops.events.wire.TenantEventsTopic;
import com.hackops.platform.security.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static com.hackops.command.publishing.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The publisher against the real broker and the real event store: what a consumer of tenant-events sees, and that
 * the processor's token never passes an event Kafka has not acknowledged.
 */
@IntegrationTest
class KafkaPublishingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MAX_MESSAGE_BYTES = "max.message.bytes";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;
    @Autowired
    PublisherLag lag;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    EventStore eventStore;
    @Autowired
    TokenStore tokenStore;
    @Autowired
    TransactionManager transactionManager;
    @Autowired
    EventPositions positions;
    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;
    @Autowired
    Serializer tokenSerializer;

    @Test
    void every_stored_event_reaches_the_topic_once_keyed_by_its_tenant_in_order_with_its_headers() {
        Api api = new Api(port);
        List<String> tenants = List.of(busyTenant(api), busyTenant(api), busyTenant(api));
        List<StoredEvent> stored = storedEventsOf(tenants);

        List<ConsumerRecord<String, byte[]>> records;
        try (TopicReader reader = new TopicReader(TestKafka.topic())) {
            records = reader.readUntilAll(tenants, ids(stored), Duration.ofSeconds(20));
        }

        assertThat(records).hasSameSizeAs(stored);
        Map<String, ConsumerRecord<String, byte[]>> byEventId = records.stream()
                .collect(Collectors.toMap(r -> header(r, TenantEventsTopic.ID), Function.identity()));
        for (StoredEvent event : stored) {
            ConsumerRecord<String, byte[]> record = byEventId.get(event.eventId());
            assertThat(record.key()).isEqualTo(event.tenantId());
            assertThat(header(record, TenantEventsTopic.SPEC_VERSION)).isEqualTo("1.0");
            assertThat(header(record, TenantEventsTopic.TYPE))
                    .isEqualTo(event.payloadType() + ".v" + event.payloadRevision()).matches(".*\\.v[1-9][0-9]*");
            assertThat(header(record, TenantEventsTopic.SOURCE)).isEqualTo("/hackops/command-side");
            assertThat(Instant.parse(header(record, TenantEventsTopic.TIME))).isEqualTo(event.time());
            assertThat(header(record, TenantEventsTopic.SUBJECT)).isEqualTo(event.tenantId());
            assertThat(header(record, TenantEventsTopic.CONTENT_TYPE)).isEqualTo("application/json");
            assertThat(header(record, TenantEventsTopic.SEQUENCE)).isEqualTo(Long.toString(event.sequence()));
            assertThat(header(record, TenantEventsTopic.POSITION)).isEqualTo(Long.toString(event.globalIndex()));
            assertThat(json(record.value())).isEqualTo(json(event.payload()));
        }
        assertThat(stored).extracting(StoredEvent::payloadType)
                .contains("com.hackops.events.tenant.TenantCreated", "com.hackops.events.usage.UsageTracked",
                        "com.hackops.events.tenant.PlanChanged", "com.hackops.events.membership.MemberAdded");
        for (String tenant : tenants) {
            List<ConsumerRecord<String, byte[]>> ofTenant = records.stream().filter(r -> r.key().equals(tenant)).toList();
            assertThat(ofTenant).extracting(r -> Long.parseLong(header(r, TenantEventsTopic.SEQUENCE)))
                    .as("sequence of tenant %s in the order a consumer reads it", tenant)
                    .containsExactlyElementsOf(LongStream.range(0, ofTenant.size()).boxed().toList());
            assertThat(ofTenant).extracting(ConsumerRecord::partition).as("one partition per tenant").containsOnly(
                    ofTenant.get(0).partition());
        }
        assertThat(meters.counter("hackops.publisher.published").count()).isGreaterThanOrEqualTo(stored.size());
        await("publisher lag back to zero").atMost(Duration.ofSeconds(15)).until(() -> lag.measure() == 0);
    }

    @Test
    void a_publisher_without_tokens_publishes_the_whole_store_again_not_only_what_comes_next() {
        Api api = new Api(port);
        String tenant = busyTenant(api);
        List<String> eventIds = ids(storedEventsOf(List.of(tenant)));
        try (TopicReader reader = new TopicReader(TestKafka.topic())) {
            reader.readUntilAll(List.of(tenant), eventIds, Duration.ofSeconds(20));

            // as on a first start against a store that already holds events (and as to rebuild the topic)
            EventProcessor publisher = processing.eventProcessor(KafkaPublisher.PROCESSING_GROUP).orElseThrow();
            publisher.shutDown();
            jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", KafkaPublisher.PROCESSING_GROUP);
            publisher.start();

            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(List.of(tenant),
                    read -> read.size() >= 2 * eventIds.size(), Duration.ofSeconds(20));
            assertThat(records).extracting(r -> header(r, TenantEventsTopic.ID))
                    .as("published, then published again from the start of the store")
                    .containsExactlyElementsOf(Stream.concat(eventIds.stream(), eventIds.stream()).toList());
        }
    }

    @Test
    void the_publisher_refuses_a_reset_so_a_replay_never_republishes() {
        StreamingEventProcessor publisher = processing
                .eventProcessor(KafkaPublisher.PROCESSING_GROUP, StreamingEventProcessor.class).orElseThrow();
        assertThat(publisher.supportsReset()).isFalse();
        assertThatThrownBy(publisher::resetTokens).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_batch_kafka_refuses_holds_the_token_back_and_is_published_once_kafka_takes_it() throws Exception {
        String topic = TestKafka.newTopicName("refusing");
        try (Admin admin = TestKafka.admin()) {
            // the broker refuses every record bigger than 64 bytes (all of ours): nothing is appended, nothing acked
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1)
                    .configs(Map.of(MAX_MESSAGE_BYTES, "64")))).all().get(10, TimeUnit.SECONDS);
            KafkaPublishingProperties properties = properties(TestKafka.BOOTSTRAP, topic);
            SimpleMeterRegistry publisherMeters = new SimpleMeterRegistry();
            try (KafkaCluster cluster = new KafkaCluster(properties);
                 KafkaPublisher publisher = new KafkaPublisher(properties, cluster, eventSerializer, positions, publisherMeters,
                         CrashPoints.none());
                 TestProcessor processor = new TestProcessor(publisher)) {
                Api api = new Api(port);
                String tenant = busyTenant(api);
                List<StoredEvent> stored = storedEventsOf(List.of(tenant));

                await("a refused batch").atMost(Duration.ofSeconds(15))
                        .until(() -> publisherMeters.counter("hackops.publisher.failed").count() >= 1);
                assertThat(storedPosition(processor.name)).as("token after the refusal")
                        .isLessThan(stored.get(0).globalIndex());

                admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                        List.of(new AlterConfigOp(new ConfigEntry(MAX_MESSAGE_BYTES, ""), AlterConfigOp.OpType.DELETE))))
                        .all().get(10, TimeUnit.SECONDS);
                List<ConsumerRecord<String, byte[]>> records;
                try (TopicReader reader = new TopicReader(topic)) {
                    records = reader.readUntilAll(List.of(tenant), ids(stored), Duration.ofSeconds(20));
                }

                assertThat(records).extracting(r -> header(r, TenantEventsTopic.ID))
                        .as("each event once, in order: nothing of a refused batch was appended")
                        .containsExactlyElementsOf(ids(stored));
                await("token past the published events").atMost(Duration.ofSeconds(10))
                        .until(() -> storedPosition(processor.name) >= stored.get(stored.size() - 1).globalIndex());
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void an_unreachable_broker_is_reported_down_and_holds_the_token_back() throws Exception {
        Api api = new Api(port);
        assertThat(api.send("GET", "/actuator/health", null, null).json().at("/components/kafka/status").asText())
                .isEqualTo("UP");

        KafkaPublishingProperties properties = properties("127.0.0.1:" + portWhereNothingListens(),
                TestKafka.newTopicName("unreachable"));
        SimpleMeterRegistry publisherMeters = new SimpleMeterRegistry();
        try (KafkaCluster cluster = new KafkaCluster(properties);
             KafkaPublisher publisher = new KafkaPublisher(properties, cluster, eventSerializer, positions, publisherMeters,
                     CrashPoints.none());
             TestProcessor processor = new TestProcessor(publisher)) {
            assertThat(new KafkaHealthIndicator(cluster).health().getStatus().getCode()).isEqualTo("DOWN");
            String tenant = api.createTenant("down-" + UUID.randomUUID(), Api.slug("down-"), "FREE");
            long firstIndex = storedEventsOf(List.of(tenant)).get(0).globalIndex();

            await("a failed batch").atMost(Duration.ofSeconds(15))
                    .until(() -> publisherMeters.counter("hackops.publisher.failed").count() >= 1);
            assertThat(storedPosition(processor.name)).isLessThan(firstIndex);
            assertThat(publisherMeters.counter("hackops.publisher.published").count()).isZero();
        }
    }

    /** A tenant with events of several kinds: created, owner added, usage and its 80 % threshold, plan, member. */
    private static String busyTenant(Api api) {
        String owner = "publisher-" + UUID.randomUUID();
        String token = Tokens.user(owner);
        String tenant = api.createTenant(owner, Api.slug("pub-"), "FREE");
        String base = "/api/v1/tenants/" + tenant;
        assertThat(api.post(base + "/usage", token, "{\"metric\":\"PARTICIPANTS\",\"delta\":45}").status()).isEqualTo(200);
        assertThat(api.post(base + "/plan", token, "{\"plan\":\"STARTER\"}").status()).isEqualTo(200);
        assertThat(api.post(base + "/members", token, "{\"userId\":\"member-%s\",\"role\":\"MEMBER\"}"
                .formatted(UUID.randomUUID())).status()).isEqualTo(201);
        assertThat(api.post(base + "/usage/batch", token,
                "{\"items\":[{\"metric\":\"EVENTS\",\"delta\":1},{\"metric\":\"STORAGE_BYTES\",\"delta\":1000}]}")
                .status()).isEqualTo(200);
        return tenant;
    }

    private List<StoredEvent> storedEventsOf(List<String> tenants) {
        return jdbc.query("""
                        SELECT global_index, event_identifier, aggregate_identifier, sequence_number, time_stamp,
                               payload_type, payload_revision, payload
                        FROM domain_event_entry WHERE aggregate_identifier = ANY (?) ORDER BY global_index""",
                statement -> statement.setArray(1, statement.getConnection().createArrayOf("varchar", tenants.toArray())),
                (row, n) -> new StoredEvent(row.getLong(1), row.getString(2), row.getString(3), row.getLong(4),
                        Instant.parse(row.getString(5)), row.getString(6), row.getString(7), row.getBytes(8)));
    }

    /** The processor's position as its token store holds it (-1 before any), read without claiming anything. */
    private long storedPosition(String processorName) {
        List<Long> positions = jdbc.query("SELECT token, token_type FROM token_entry WHERE processor_name = ?",
                (row, n) -> {
                    byte[] token = row.getBytes(1);
                    if (token == null) {
                        return -1L;
                    }
                    TrackingToken tracking = tokenSerializer.deserialize(
                            new SimpleSerializedObject<>(token, byte[].class, row.getString(2), null));
                    return tracking.position().orElse(-1);
                }, processorName);
        assertThat(positions).as("token segments of " + processorName).hasSize(1);
        return positions.get(0);
    }

    private static KafkaPublishingProperties properties(String bootstrap, String topic) {
        return new KafkaPublishingProperties(true, bootstrap, topic, 3, (short) 1, Duration.ofSeconds(1),
                "command-side-publisher-" + topic);
    }

    private static List<String> ids(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::eventId).toList();
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new AssertionError("not JSON", e);
        }
    }

    private static int portWhereNothingListens() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record StoredEvent(long globalIndex, String eventId, String tenantId, long sequence, Instant time,
                               String payloadType, String payloadRevision, byte[] payload) {
    }

    /**
     * A second publishing processor beside the application's, with its own name (so its own token) and a publisher
     * of the test's choosing. It starts at the store's current head, so it handles only the test's own events, and
     * claims its one segment often, so a retry follows soon after Axon's back-off.
     */
    private final class TestProcessor implements AutoCloseable {

        final String name = "kafka-publisher-test-" + UUID.randomUUID();
        private final ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor();
        private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor();
        private final PooledStreamingEventProcessor processor;

        TestProcessor(KafkaPublisher publisher) {
            TrackingToken head = eventStore.createHeadToken();
            processor = PooledStreamingEventProcessor.builder()
                    .name(name)
                    .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(publisher)
                            .sequencingPolicy(SequentialPerAggregatePolicy.instance())
                            .listenerInvocationErrorHandler(PropagatingErrorHandler.instance()).build())
                    .messageSource(eventStore)
                    .tokenStore(tokenStore)
                    .transactionManager(transactionManager)
                    .coordinatorExecutor(coordinator)
                    .workerExecutor(worker)
                    .initialSegmentCount(1)
                    .initialToken(source -> head)
                    .tokenClaimInterval(200)
                    .batchSize(200)
                    .build();
            processor.start();
        }

        @Override
        public void close() throws Exception {
            try {
                processor.shutdownAsync().get(10, TimeUnit.SECONDS);
            } finally {
                coordinator.shutdownNow();
                worker.shutdownNow();
            }
        }
    }
}

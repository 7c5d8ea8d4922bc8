package com.hackops.e2e.support;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The tests' Kafka broker (infra/test starts it on 19092 and exports HACKOPS_KAFKA_BOOTSTRAP). */
final class Broker {

    static final String BOOTSTRAP = System.getenv().getOrDefault("HACKOPS_KAFKA_BOOTSTRAP", "127.0.0.1:19092");

    private Broker() {
    }

    static void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + name + " on " + BOOTSTRAP
                    + " (infra/test starts the tests' broker; or run infra/kafka/start --port 19092 --controller-port 19093"
                    + " --dir infra/.state/kafka-test)", e);
        }
    }

    static void deleteTopic(String name) throws ExecutionException, InterruptedException, TimeoutException {
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(name)).all().get(10, TimeUnit.SECONDS);
        }
    }

    /** A consumer outside any group: the caller assigns partitions and seeks itself, committing nothing. */
    static KafkaConsumer<String, byte[]> reader() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1_000,
                ConsumerConfig.CLIENT_ID_CONFIG, "e2e-topic-reader"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Duration.ofSeconds(20).toMillis()));
    }
}

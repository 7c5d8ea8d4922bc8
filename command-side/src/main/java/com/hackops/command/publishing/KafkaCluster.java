package com.hackops.command.publishing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The broker as the publisher sees it: creates the topic with the configured partition count (Kafka's auto-creation
 * would use the broker's default instead) and answers health checks. Every call is bounded, so a broker that is
 * down only delays publishing; the event store keeps every event until it is published.
 */
final class KafkaCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaCluster.class);

    private final KafkaPublishingProperties properties;
    private final Admin admin;
    private volatile boolean topicReady;

    KafkaCluster(KafkaPublishingProperties properties) {
        this.properties = properties;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, properties.clientId() + "-admin"));
    }

    String topic() {
        return properties.topic();
    }

    /**
     * Creates the topic unless it exists. Remembers success, so the publisher can call this before every batch.
     *
     * @throws PublishingFailed when the broker does not answer within the send timeout
     */
    void ensureTopic() {
        if (topicReady) {
            return;
        }
        synchronized (this) {
            if (!topicReady) {
                createOrCheckTopic();
                topicReady = true;
            }
        }
    }

    /** Like {@link #ensureTopic()}, but only logs a failure: for start-up, which must not wait for the broker. */
    void ensureTopicQuietly() {
        try {
            ensureTopic();
        } catch (RuntimeException e) {
            log.warn("Topic {} not checked: {}. Events stay in the event store; publishing retries.",
                    topic(), e.getMessage());
        }
    }

    /** The cluster id and broker count, or an exception when the cluster does not answer within {@code timeout}. */
    ClusterView describe(Duration timeout) {
        DescribeClusterResult cluster = admin.describeCluster(
                new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
        return new ClusterView(await(cluster.clusterId(), timeout), await(cluster.nodes(), timeout).size());
    }

    private void createOrCheckTopic() {
        Duration timeout = properties.sendTimeout();
        NewTopic wanted = new NewTopic(topic(), properties.partitions(), properties.replicationFactor());
        try {
            await(admin.createTopics(List.of(wanted), new CreateTopicsOptions().timeoutMs((int) timeout.toMillis()))
                    .all(), timeout);
            log.info("Created topic {} with {} partitions", topic(), properties.partitions());
        } catch (PublishingFailed e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            TopicDescription existing = await(admin.describeTopics(List.of(topic()),
                            new DescribeTopicsOptions().timeoutMs((int) timeout.toMillis()))
                    .allTopicNames(), timeout).get(topic());
            if (existing.partitions().size() != properties.partitions()) {
                // never repartitioned here: more partitions would move tenants and break their order
                log.warn("Topic {} has {} partitions, configured are {}; keeping {}", topic(),
                        existing.partitions().size(), properties.partitions(), existing.partitions().size());
            }
        }
    }

    private static <T> T await(Future<T> future, Duration timeout) {
        try {
            // a little beyond the request's own timeout, so Kafka's own (more precise) error wins
            return future.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new PublishingFailed(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new PublishingFailed("no answer within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishingFailed("interrupted", e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }

    record ClusterView(String clusterId, int brokers) {
    }
}

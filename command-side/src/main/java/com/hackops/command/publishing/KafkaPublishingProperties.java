package com.hackops.command.publishing;

import com.hackops.events.wire.TenantEventsTopic;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Where and how the command side publishes its events.
 *
 * @param enabled           whether this node runs the publisher at all
 * @param bootstrapServers  the Kafka brokers (application.yml reads {@code HACKOPS_KAFKA_BOOTSTRAP})
 * @param topic             the topic of every tenant's events
 * @param partitions        partitions of the topic when this node creates it; never changed afterwards, because
 *                          that would move tenants to other partitions and break their order
 * @param replicationFactor replicas of the topic when this node creates it
 * @param sendTimeout       how long a batch may wait for its acknowledgements (and for topic creation) before it
 *                          counts as failed and is retried later
 * @param clientId          the Kafka client id of the producer (the admin client adds {@code -admin})
 */
@ConfigurationProperties("hackops.kafka")
public record KafkaPublishingProperties(@DefaultValue("true") boolean enabled,
                                        @DefaultValue("127.0.0.1:9092") String bootstrapServers,
                                        @DefaultValue(TenantEventsTopic.DEFAULT_TOPIC) String topic,
                                        @DefaultValue("12") int partitions,
                                        @DefaultValue("1") short replicationFactor,
                                        @DefaultValue("30s") Duration sendTimeout,
                                        @DefaultValue("command-side-publisher") String clientId) {
}

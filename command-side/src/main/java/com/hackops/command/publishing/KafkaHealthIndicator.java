package com.hackops.command.publishing;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

import java.time.Duration;

/**
 * Health component {@code kafka}: UP when the cluster describes itself within two seconds. It is not part of the
 * liveness or readiness groups: commands are still taken while Kafka is away (the event store is the outbox), so
 * a broker outage must not restart or unroute this service.
 */
final class KafkaHealthIndicator implements HealthIndicator {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final KafkaCluster cluster;

    KafkaHealthIndicator(KafkaCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public Health health() {
        try {
            KafkaCluster.ClusterView view = cluster.describe(TIMEOUT);
            return Health.up().withDetail("clusterId", view.clusterId()).withDetail("brokers", view.brokers())
                    .withDetail("topic", cluster.topic()).build();
        } catch (RuntimeException e) {
            return Health.down(e).withDetail("topic", cluster.topic()).build();
        }
    }
}

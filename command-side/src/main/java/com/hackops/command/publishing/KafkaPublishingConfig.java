package com.hackops.command.publishing;

import com.hackops.command.faults.CrashPoints;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Kafka publisher of the command side. The processor itself (pooled, threads, batch size, segments, the
 * sequencing policy below) is set in application.yml under {@code axon.eventhandling.processors.kafka-publisher}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "hackops.kafka", name = "enabled", havingValue = "true", matchIfMissing = true)
class KafkaPublishingConfig {

    @Bean(destroyMethod = "close")
    KafkaCluster kafkaCluster(KafkaPublishingProperties properties) {
        return new KafkaCluster(properties);
    }

    @Bean
    EventPositions eventPositions(JdbcTemplate jdbc, EventSchema schema) {
        return new EventPositions(jdbc, schema);
    }

    @Bean(destroyMethod = "close")
    KafkaPublisher kafkaPublisher(KafkaPublishingProperties properties, KafkaCluster cluster,
                                  @Qualifier("eventSerializer") Serializer eventSerializer, EventPositions positions,
                                  MeterRegistry meters, CrashPoints crashPoints) {
        return new KafkaPublisher(properties, cluster, eventSerializer, positions, meters, crashPoints);
    }

    /** The aggregate is the tenant: one tenant's events stay in one segment, in order. */
    @Bean
    SequentialPerAggregatePolicy perTenantSequencingPolicy() {
        return SequentialPerAggregatePolicy.instance();
    }

    /**
     * Two of Axon's defaults would lose events here. A failing event handler is logged and skipped: propagating
     * instead rolls the batch back, so its token does not advance and the batch is retried. And a pooled processor
     * starting without tokens treats everything already stored as a replay, which {@code @DisallowReplay} skips:
     * starting at the tail instead publishes the whole store, as an outbox must.
     */
    @Bean
    ConfigurerModule kafkaPublisherLosesNothing() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(KafkaPublisher.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance())
                .registerPooledStreamingEventProcessorConfiguration(KafkaPublisher.PROCESSING_GROUP,
                        (c, processor) -> processor.initialToken(StreamableMessageSource::createTailToken));
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(KafkaCluster cluster) {
        return new KafkaHealthIndicator(cluster);
    }

    @Bean
    PublisherLag publisherLag(JdbcTemplate jdbc, EventPositions positions, TokenSchema tokens, Serializer serializer,
                              MeterRegistry meters) {
        return new PublisherLag(jdbc, positions, tokens, serializer, meters);
    }

    /**
     * Creates the topic with the configured partitions before consumers or broker auto-creation can make it with
     * the broker's defaults. On a thread of its own: readiness is announced after this event, and a broker that is
     * down must not hold it back (the publisher checks the topic again before it publishes).
     */
    @EventListener(ApplicationReadyEvent.class)
    void createTopic(ApplicationReadyEvent ready) {
        KafkaCluster cluster = ready.getApplicationContext().getBean(KafkaCluster.class);
        Thread check = new Thread(cluster::ensureTopicQuietly, "kafka-topic-check");
        check.setDaemon(true);
        check.start();
    }
}

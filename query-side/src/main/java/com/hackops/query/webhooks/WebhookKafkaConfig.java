package com.hackops.query.webhooks;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

import java.util.Map;

/**
 * The webhook consumer's own listener container factory: the consumer settings of {@code spring.kafka.consumer} (the
 * group comes from {@code hackops.webhooks.group-id} on the listener) with fetches that wait
 * ({@link WebhookProperties#fetchMinBytes()}), one consumer thread, batches acknowledged after
 * the listener returns. Its own, not Spring Boot's, so the projections' batch interceptor and rebalance listener
 * (projection lag) never see this group's partitions.
 */
@Configuration(proxyBeanMethods = false)
class WebhookKafkaConfig {

    static final String FACTORY = "webhookListenerFactory";

    @Bean(FACTORY)
    ConcurrentKafkaListenerContainerFactory<String, byte[]> webhookListenerFactory(KafkaProperties kafka,
                                                                                  ObjectProvider<SslBundles> ssl,
                                                                                  WebhookProperties webhooks) {
        Map<String, Object> consumer = kafka.buildConsumerProperties(ssl.getIfAvailable());
        consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, "query-side-webhooks");
        // not latency-bound (the outbox is polled every second): fewer, fuller fetches than the projections'
        consumer.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, (int) webhooks.fetchMinBytes().toBytes());
        consumer.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) webhooks.fetchMaxWait().toMillis());
        Object requestTimeout = consumer.get(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG);
        if (requestTimeout != null && Long.parseLong(requestTimeout.toString()) <= webhooks.fetchMaxWait().toMillis()) {
            // a fetch the broker may hold that long would time out on the client, again and again
            throw new IllegalStateException("hackops.webhooks.fetch-max-wait (" + webhooks.fetchMaxWait()
                    + ") must be shorter than the consumer's request.timeout.ms (" + requestTimeout + " ms)");
        }
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(consumer));
        factory.setBatchListener(true);
        factory.setConcurrency(1);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        // reached only when the outbox cannot be written (the database is down): retry the batch, never skip it
        factory.setCommonErrorHandler(new DefaultErrorHandler(new FixedBackOff(1_000, FixedBackOff.UNLIMITED_ATTEMPTS)));
        return factory;
    }
}

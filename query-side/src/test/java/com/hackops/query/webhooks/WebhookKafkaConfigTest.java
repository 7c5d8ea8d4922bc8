package com.hackops.query.webhooks;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The webhook group's consumer: fetches that wait, bound from {@code hackops.webhooks}, and refused when out of range. */
class WebhookKafkaConfigTest {

    @Test
    void the_webhook_group_waits_for_fuller_fetches_and_the_settings_reach_its_consumer() {
        assertThat(consumerOf(bind(Map.of())))
                .containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024)
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500)
                .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "query-side-webhooks");
        assertThat(consumerOf(bind(Map.of("hackops.webhooks.fetch-min-bytes", "1B",
                "hackops.webhooks.fetch-max-wait", "PT0.01S"))))
                .containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1)
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    }

    @Test
    void a_wait_out_of_range_or_an_empty_fetch_does_not_start() {
        for (String wait : new String[]{"PT11S", "PT0S", "PT0.009S"}) {
            assertThatThrownBy(() -> bind(Map.of("hackops.webhooks.fetch-max-wait", wait)))
                    .isInstanceOf(BindException.class)
                    .rootCause().hasMessageContaining("fetch-max-wait must be 10 ms to 10 s");
        }
        assertThatThrownBy(() -> bind(Map.of("hackops.webhooks.fetch-min-bytes", "0B")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("fetch-min-bytes must be at least 1B and below 2GB");
    }

    @Test
    void a_wait_as_long_as_the_consumers_request_timeout_does_not_start() {
        KafkaProperties kafka = new KafkaProperties();
        kafka.getConsumer().getProperties().put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "500");
        assertThatThrownBy(() -> factory(kafka, bind(Map.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be shorter than the consumer's request.timeout.ms (500 ms)");
        kafka.getConsumer().getProperties().put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "501");
        assertThat(factory(kafka, bind(Map.of())).getConsumerFactory().getConfigurationProperties())
                .containsEntry(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "501");
    }

    private static WebhookProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("hackops.webhooks", WebhookProperties.class);
    }

    private static Map<String, Object> consumerOf(WebhookProperties properties) {
        return factory(new KafkaProperties(), properties).getConsumerFactory().getConfigurationProperties();
    }

    private static ConcurrentKafkaListenerContainerFactory<String, byte[]> factory(KafkaProperties kafka,
                                                                                  WebhookProperties properties) {
        return new WebhookKafkaConfig().webhookListenerFactory(kafka,
                new StaticListableBeanFactory().getBeanProvider(SslBundles.class), properties);
    }
}

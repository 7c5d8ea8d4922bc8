package com.hackops.query.projection;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The container's last line of defence. The query side declares no topic on purpose: the command-side publisher
 * creates it, and Spring's admin would <em>add partitions</em> to an existing topic with fewer — which moves tenants
 * to other partitions and breaks the per-tenant order the projections rely on.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

    /**
     * Reached only when a batch could neither be applied nor parked — an infrastructure failure such as the
     * database being down. The batch is retried every second, forever: skipping it would lose events.
     */
    @Bean
    DefaultErrorHandler projectionErrorHandler() {
        return new DefaultErrorHandler(new FixedBackOff(1_000, FixedBackOff.UNLIMITED_ATTEMPTS));
    }
}

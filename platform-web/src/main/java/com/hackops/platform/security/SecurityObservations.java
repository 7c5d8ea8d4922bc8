package com.hackops.platform.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Spring Security observes nothing on either service: no observation per filter of the chain, per authentication or
 * per authorization. {@code http.server.requests} still times every request. Switching these observations off by
 * property only filtered them after they were made: the chain was still wrapped and an observation context built per
 * filter per request before the filter asked whether to observe (JFR, BENCHMARKS.md, *What the request threads
 * allocate*); with these settings the chain is not wrapped at all.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityObservations {

    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}

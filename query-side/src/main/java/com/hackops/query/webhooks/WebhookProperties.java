package com.hackops.query.webhooks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Threshold webhooks: the consumer group that turns tenant events into deliveries, the sender's timeouts, back-off
 * (initial, doubled per failed attempt up to max) and attempts before a delivery is FAILED, and where it may connect:
 * loopback addresses only when {@code allowLoopback} (tests, infra/run), private and link-local ones never.
 */
@ConfigurationProperties("hackops.webhooks")
public record WebhookProperties(@DefaultValue("true") boolean enabled,
                                @DefaultValue("hackops-webhooks") String groupId,
                                @DefaultValue("false") boolean allowLoopback,
                                @DefaultValue("PT5S") Duration connectTimeout,
                                @DefaultValue("PT10S") Duration requestTimeout,
                                @DefaultValue("PT1S") Duration initialBackoff,
                                @DefaultValue("PT1H") Duration maxBackoff,
                                @DefaultValue("12") int maxAttempts,
                                @DefaultValue("4") int senderThreads,
                                @DefaultValue("PT1S") Duration pollInterval,
                                @DefaultValue("PT1M") Duration sweepInterval,
                                @DefaultValue("10") int maxEndpointsPerTenant) {

    /** The wait before the attempt after {@code failedAttempts} failures: initial, doubled each time, at most max. */
    public Duration backoffAfter(int failedAttempts) {
        Duration wait = initialBackoff;
        for (int i = 1; i < failedAttempts && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    /** How long a claimed delivery stays invisible to other senders: one attempt's worst case, and a margin. */
    Duration lease() {
        return connectTimeout.plus(requestTimeout).plusSeconds(30);
    }
}

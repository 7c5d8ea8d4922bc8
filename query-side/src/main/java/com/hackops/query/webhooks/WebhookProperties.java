package com.hackops.query.webhooks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Threshold webhooks: the consumer group that turns tenant events into deliveries, the sender's timeouts, back-off
 * (initial, doubled per failed attempt up to max) and attempts before a delivery is FAILED, and where it may connect:
 * loopback addresses only when {@code allowLoopback} (tests, infra/run), private and link-local ones never.
 * <p>
 * The group's fetches wait for {@code fetchMinBytes} of new records, or {@code fetchMaxWait} (the broker's answer to
 * Kafka's {@code fetch.min.bytes} / {@code fetch.max.wait.ms}): this group reads every event to find the few that make
 * a notification, and a fetch answered as soon as one record arrived costs the broker and the consumer a round of
 * work per record or two. A notification is delivered from the outbox, polled every {@code pollInterval}; the wait
 * adds at most {@code fetchMaxWait} to that (0.5 s, Kafka's own default: only the bytes to wait for differ from it).
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
                                @DefaultValue("10") int maxEndpointsPerTenant,
                                @DefaultValue("64KB") DataSize fetchMinBytes,
                                @DefaultValue("PT0.5S") Duration fetchMaxWait) {

    private static final Duration MIN_FETCH_WAIT = Duration.ofMillis(10);
    private static final Duration MAX_FETCH_WAIT = Duration.ofSeconds(10);

    public WebhookProperties {
        if (fetchMinBytes.toBytes() < 1 || fetchMinBytes.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "hackops.webhooks.fetch-min-bytes must be at least 1B and below 2GB, not " + fetchMinBytes);
        }
        // no wait at all would have the consumer fetch again at once, in a loop, whenever too little has arrived
        if (fetchMaxWait.compareTo(MIN_FETCH_WAIT) < 0 || fetchMaxWait.compareTo(MAX_FETCH_WAIT) > 0) {
            throw new IllegalArgumentException("hackops.webhooks.fetch-max-wait must be %d ms to %d s, not %s"
                    .formatted(MIN_FETCH_WAIT.toMillis(), MAX_FETCH_WAIT.toSeconds(), fetchMaxWait));
        }
    }

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

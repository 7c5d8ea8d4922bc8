package com.hackops.command.eventstore;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Tuning of the event store and command dispatch.
 *
 * @param snapshotThreshold   events after which a tenant is snapshotted, so that reloading a tenant stays cheap even
 *                            when its events are batches of up to 1,000 usage changes
 * @param concurrencyRetries  how often a command that lost an append race (another node wrote the same tenant)
 *                            is retried on fresh state
 * @param retryInterval       scale of the pause before such a retry: a random pause up to it, doubling per
 *                            retry, capped at 200 ms
 * @param cacheSize           tenants held in the aggregate cache (least recently used out); each is checked against
 *                            the store before use ({@link StoreCheckedCache})
 * @param streamWakeInterval  how often at most this node's commits wake the Kafka publisher: a commit after a quiet
 *                            spell wakes it at once, later ones are read together ({@link AppendSignal})
 * @param streamPollInterval  how long the publisher may go without a signal before it looks for events it was not
 *                            told of (another node's)
 * @param groupCommitSize     the most commands committed in one transaction by the {@link GroupCommitCommandBus}
 *                            (usage reports arriving together); 1 commits every command on its own
 * @param groupCommitLinger   how long a group may wait under load for as many reports as the previous group held
 *                            (zero: a group is what has queued while the previous one committed)
 */
@ConfigurationProperties("hackops.event-store")
public record EventStoreProperties(@DefaultValue("25") int snapshotThreshold,
                                   @DefaultValue("20") int concurrencyRetries,
                                   @DefaultValue("5ms") Duration retryInterval,
                                   @DefaultValue("10000") int cacheSize,
                                   @DefaultValue("200ms") Duration streamWakeInterval,
                                   @DefaultValue("500ms") Duration streamPollInterval,
                                   @DefaultValue("64") int groupCommitSize,
                                   @DefaultValue("0ms") Duration groupCommitLinger) {
}

package com.hackops.query.webhooks;

import com.hackops.events.wire.TenantEventsTopic;
import com.hackops.query.isolation.TenantContext;
import com.hackops.query.projection.EventDecoder;
import com.hackops.query.projection.TenantEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Turns tenant events into webhook deliveries, in a consumer group of its own ({@code hackops.webhooks.group-id}),
 * apart from the projections: a projection that is parked or rebuilt never holds webhooks back, and the rebuild of the
 * read models (audit.Rebuilds), which replays the event store through the projections only, never reaches this
 * consumer — a rebuild sends nothing.
 * <p>
 * Effectively once, like the projector: a batch is one transaction that, per tenant, locks the tenant's
 * {@code webhook_stream} row, queues deliveries (the outbox) for the events after the last one handled, and records the
 * new last sequence; offsets are committed after it. A redelivered record is recognised and queues nothing again; the
 * sender then delivers each queued row at least once. An unreadable record is logged and skipped: a notification
 * missed is better than a tenant's notifications stuck behind it.
 * <p>
 * Only the event types that can make a notification ({@link WebhookEvent#SOURCES}, known from the record's type
 * header) reach the database: a batch of usage increments, nearly all of the traffic, is read and let go without a
 * transaction, so {@code last_sequence} is the last <em>notification source</em> handled. Gaps in a tenant's stream are
 * the projector's to find (it refuses to apply past one); this consumer sees only the sources.
 */
@Component
class WebhookConsumer {

    private static final Logger log = LoggerFactory.getLogger(WebhookConsumer.class);

    private final TenantContext context;
    private final EventDecoder decoder;
    private final WebhookDeliveries deliveries;
    private final WebhookSender sender;
    private final TransactionTemplate transaction;

    WebhookConsumer(TenantContext context, EventDecoder decoder, WebhookDeliveries deliveries, WebhookSender sender,
                    PlatformTransactionManager transactions) {
        this.context = context;
        this.decoder = decoder;
        this.deliveries = deliveries;
        this.sender = sender;
        this.transaction = new TransactionTemplate(transactions);
    }

    @KafkaListener(id = "webhooks", idIsGroup = false, groupId = "${hackops.webhooks.group-id}",
            topics = "${hackops.kafka.topic}", containerFactory = WebhookKafkaConfig.FACTORY,
            autoStartup = "${hackops.webhooks.enabled:true}")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        Map<UUID, List<Source>> byTenant = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            UUID tenant = EventDecoder.tenantOf(record); // null unless the record's envelope is complete
            if (tenant != null && WebhookEvent.SOURCES.contains(TenantEventsTopic.payloadClassName(EventDecoder.typeOf(record)))) {
                byTenant.computeIfAbsent(tenant, t -> new ArrayList<>()).add(new Source(record, decoder.envelope(record)));
            }
        }
        if (byTenant.isEmpty()) {
            return; // nothing in this batch can make a notification: no transaction, nothing to record
        }
        Set<UUID> queued = transaction.execute(status -> {
            Set<UUID> tenants = new HashSet<>();
            byTenant.forEach((tenant, sources) -> {
                if (handle(tenant, sources) > 0) {
                    tenants.add(tenant);
                }
            });
            return tenants;
        });
        sender.wake(queued);
    }

    /** A record whose type can make a notification, with its envelope. */
    private record Source(ConsumerRecord<String, byte[]> record, TenantEvent event) {
    }

    /** Queues the deliveries of one tenant's notification sources (in stream order); returns how many. */
    private int handle(UUID tenant, List<Source> sources) {
        context.bindTenant(tenant);
        long last = deliveries.lockStream(tenant);
        int queued = 0;
        for (Source source : sources) {
            TenantEvent event = source.event();
            if (event.sequence() <= last) {
                continue;
            }
            Optional<WebhookEvent.Notification> notification = notificationOf(source.record(), event);
            if (notification.isPresent()) {
                queued += deliveries.enqueue(event, notification.get());
            }
            last = event.sequence();
        }
        deliveries.advanceStream(tenant, last);
        return queued;
    }

    private Optional<WebhookEvent.Notification> notificationOf(ConsumerRecord<String, byte[]> record, TenantEvent event) {
        try {
            return WebhookEvent.of(decoder.payload(event.type(), record.value()));
        } catch (IllegalArgumentException e) {
            log.error("tenant {}: event {} ({}) is unreadable; no webhook for it: {}", event.tenantId(), event.sequence(),
                    event.type(), e.getMessage());
            return Optional.empty();
        }
    }
}

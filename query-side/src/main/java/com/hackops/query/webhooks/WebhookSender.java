package com.hackops.query.webhooks;

import com.hackops.query.isolation.TenantContext;
import com.hackops.query.isolation.TenantReads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends queued deliveries. A dispatcher thread ticks every {@code poll-interval} and hands each tenant whose next
 * delivery is due to a bounded pool of sender threads; one tenant's deliveries go out one after another, in event
 * order, each as a signed POST ({@link WebhookSignature}) with connect and request timeouts and no redirects. A 2xx
 * answer delivers it; anything else is retried after the back-off, until {@code max-attempts} make it FAILED.
 * <p>
 * Which tenants are due is known in memory: the consumer wakes the sender for the tenants it queued for, and a sender
 * notes when a tenant's next retry is due. Every {@code sweep-interval} (and at start) the sender also looks for
 * pending deliveries of all tenants — those another node queued before it stopped, or this node before a restart.
 * That look crosses tenants, so it goes through the logged platform-admin read path; all else binds one tenant.
 */
@Component
class WebhookSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    private static final int CLAIM = 20;
    private static final int MAX_ERROR = 500;

    private final WebhookProperties properties;
    private final WebhookDeliveries deliveries;
    private final TenantContext context;
    private final TenantReads reads;
    private final TransactionTemplate transaction;
    private final HttpClient http;
    private final Map<UUID, Instant> due = new ConcurrentHashMap<>();
    private final Set<UUID> busy = ConcurrentHashMap.newKeySet();
    private final Counter delivered;
    private final Counter retried;
    private final Counter failed;
    private volatile ScheduledExecutorService dispatcher;
    private volatile ThreadPoolExecutor senders;
    private volatile Instant nextSweep = Instant.EPOCH;

    WebhookSender(WebhookProperties properties, WebhookDeliveries deliveries, TenantContext context, TenantReads reads,
                  PlatformTransactionManager transactions, MeterRegistry meters) {
        this.properties = properties;
        this.deliveries = deliveries;
        this.context = context;
        this.reads = reads;
        this.transaction = new TransactionTemplate(transactions);
        this.http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
        this.delivered = meters.counter("hackops.webhooks.attempts", "outcome", "delivered");
        this.retried = meters.counter("hackops.webhooks.attempts", "outcome", "retry");
        this.failed = meters.counter("hackops.webhooks.attempts", "outcome", "failed");
    }

    /** The consumer queued deliveries for these tenants: send them at the next tick. */
    void wake(Collection<UUID> tenants) {
        tenants.forEach(tenant -> due.merge(tenant, Instant.EPOCH, WebhookSender::earlier));
    }

    private void tick() {
        try {
            Instant now = Instant.now();
            if (!now.isBefore(nextSweep)) {
                nextSweep = now.plus(properties.sweepInterval());
                reads.asPlatformAdmin("webhook-sender", "tenants with webhook deliveries due", deliveries::dueTenants)
                        .forEach((tenant, at) -> due.merge(tenant, at, WebhookSender::earlier));
            }
            for (Map.Entry<UUID, Instant> entry : due.entrySet()) {
                UUID tenant = entry.getKey();
                if (entry.getValue().isAfter(now) || !busy.add(tenant)) {
                    continue;
                }
                due.remove(tenant, entry.getValue());
                try {
                    senders.execute(() -> dispatch(tenant));
                } catch (RejectedExecutionException full) {
                    busy.remove(tenant);
                    due.merge(tenant, now, WebhookSender::earlier);
                }
            }
        } catch (RuntimeException e) {
            log.warn("webhook dispatch round failed; the next round tries again: {}", e.getMessage());
        }
    }

    /** Sends the tenant's due deliveries, then notes when its next one is due. */
    private void dispatch(UUID tenant) {
        try {
            List<WebhookDeliveries.Claimed> claimed = transaction.execute(status -> {
                context.bindTenant(tenant);
                return deliveries.claim(tenant, CLAIM, properties.lease().toSeconds());
            });
            for (WebhookDeliveries.Claimed delivery : claimed) {
                Attempt attempt = attempt(delivery);
                if (Thread.currentThread().isInterrupted()) {
                    return; // shutting down: the claim's lease runs out and the delivery is sent again later
                }
                int attempts = delivery.attempts() + 1;
                Instant next = attempt.error() == null || attempts >= properties.maxAttempts() ? null
                        : attempt.at().plus(properties.backoffAfter(attempts));
                transaction.executeWithoutResult(status -> {
                    context.bindTenant(tenant);
                    deliveries.recordAttempt(tenant, delivery.deliveryId(), attempt.at(), attempt.statusCode(),
                            attempt.error(), next);
                });
                count(attempt, next);
            }
            transaction.execute(status -> {
                context.bindTenant(tenant);
                return deliveries.nextDue(tenant);
            }).ifPresent(at -> due.merge(tenant, at, WebhookSender::earlier));
        } catch (RuntimeException e) {
            log.warn("tenant {}: sending webhooks failed; retrying shortly: {}", tenant, e.getMessage());
            due.merge(tenant, Instant.now().plus(properties.initialBackoff()), WebhookSender::earlier);
        } finally {
            busy.remove(tenant);
        }
    }

    /** One signed POST; the endpoint's host is checked again first (DNS may have changed since registration). */
    private Attempt attempt(WebhookDeliveries.Claimed delivery) {
        Instant at = Instant.now();
        try {
            URI uri = EndpointUrls.parse(delivery.url());
            EndpointUrls.requireAllowedHost(uri, properties.allowLoopback());
            String timestamp = Long.toString(at.getEpochSecond());
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(properties.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "HackOps-Webhooks/1")
                    .header(WebhookSignature.ID, delivery.deliveryId().toString())
                    .header(WebhookSignature.EVENT, delivery.eventType())
                    .header(WebhookSignature.TIMESTAMP, timestamp)
                    .header(WebhookSignature.SIGNATURE, WebhookSignature.sign(delivery.secret(), timestamp, delivery.payload()))
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.payload(), StandardCharsets.UTF_8))
                    .build();
            int status = send(request);
            return new Attempt(at, status, status >= 200 && status < 300 ? null : "HTTP " + status);
        } catch (IllegalArgumentException e) {
            return new Attempt(at, null, truncate(e.getMessage()));
        } catch (IOException e) {
            return new Attempt(at, null, truncate(e.getClass().getSimpleName() + ": " + e.getMessage()));
        } catch (TimeoutException e) {
            return new Attempt(at, null, "no complete answer within " + properties.requestTimeout().toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(at, null, "interrupted");
        }
    }

    /**
     * The answer's status. The request timeout bounds the wait for the answer's headers; this bounds the whole
     * exchange, so a receiver that trickles its body cannot hold a sender thread.
     */
    private int send(HttpRequest request) throws IOException, InterruptedException, TimeoutException {
        CompletableFuture<HttpResponse<Void>> exchange = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            return exchange.get(properties.requestTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS).statusCode();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            exchange.cancel(true);
        }
    }

    private void count(Attempt attempt, Instant next) {
        (attempt.error() == null ? delivered : next != null ? retried : failed).increment();
    }

    private static String truncate(String text) {
        return text == null ? "unknown error" : text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** {@code error} is null when the receiver answered 2xx. */
    private record Attempt(Instant at, Integer statusCode, String error) {
    }

    @Override
    public void start() {
        AtomicInteger threads = new AtomicInteger();
        senders = new ThreadPoolExecutor(properties.senderThreads(), properties.senderThreads(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(properties.senderThreads() * 4),
                r -> new Thread(r, "webhook-sender-" + threads.incrementAndGet()));
        dispatcher = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "webhook-dispatcher"));
        dispatcher.scheduleWithFixedDelay(this::tick, 0, properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        dispatcher.shutdownNow();
        senders.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return dispatcher != null && !dispatcher.isShutdown();
    }

    @Override
    public boolean isAutoStartup() {
        return properties.enabled();
    }
}

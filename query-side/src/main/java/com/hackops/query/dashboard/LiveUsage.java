package com.hackops.query.dashboard;

import com.hackops.query.projection.ReadModelAdvanced;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Live dashboards: Server-Sent Event streams per tenant. Whenever the projections commit an event of a tenant
 * ({@link ReadModelAdvanced}), every stream of that tenant is sent the tenant's current usage (event {@code usage}),
 * read anew through the stream's own reader, which re-checks the viewer's access. Bursts coalesce: a tenant whose
 * refresh is already queued is not queued again. A read that fails (access lost, database away) ends the stream;
 * the browser reconnects and is then answered as any request would be.
 * <p>
 * Streams get a heartbeat comment every 15 s ({@code hackops.dashboard.heartbeat}), so proxies keep them open and
 * dead ones are found and dropped (a closed connection shows only when something is written to it); each
 * ends after 30 minutes (the browser reconnects), and all end when the service shuts down, so graceful shutdown
 * does not wait for them. Only streams of tenants the projections of this instance apply are pushed; with several
 * query-side instances the others' tenants still get their first answer and heartbeats only.
 */
@Component
public class LiveUsage implements DisposableBean {

    static final Duration LIFETIME = Duration.ofMinutes(30);
    static final int MAX_STREAMS = 500;
    private static final long RECONNECT_MILLIS = 2_000;
    private static final Logger log = LoggerFactory.getLogger(LiveUsage.class);

    private final Map<UUID, Set<Stream>> streams = new ConcurrentHashMap<>();
    private final Map<UUID, Long> queued = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger threads = new AtomicInteger();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "dashboard-live-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    LiveUsage(MeterRegistry meters, @Value("${hackops.dashboard.heartbeat:PT15S}") Duration heartbeat) {
        Gauge.builder("hackops.dashboard.streams", open, AtomicInteger::get)
                .description("open live-update streams of the dashboard").register(meters);
        executor.scheduleAtFixedRate(this::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Opens a stream of {@code tenantId} whose first message is {@code first}; later messages come from
     * {@code read}, which must throw when the viewer may no longer see the tenant.
     */
    public SseEmitter open(UUID tenantId, Object first, Supplier<?> read) {
        if (open.incrementAndGet() > MAX_STREAMS) {
            open.decrementAndGet();
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "Too many live streams; retry later.");
        }
        Stream stream = new Stream(tenantId, new SseEmitter(LIFETIME.toMillis()), read);
        stream.emitter.onCompletion(() -> close(stream));
        stream.emitter.onTimeout(stream.emitter::complete);
        stream.emitter.onError(e -> close(stream));
        streams.compute(tenantId, (id, tenant) -> {
            Set<Stream> joined = tenant != null ? tenant : ConcurrentHashMap.newKeySet();
            joined.add(stream);
            return joined;
        });
        if (stream.send(SseEmitter.event().reconnectTime(RECONNECT_MILLIS).name("usage").data(first, MediaType.APPLICATION_JSON))) {
            log.debug("live stream of tenant {} opened", tenantId);
        }
        return stream.emitter;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onAdvanced(ReadModelAdvanced advanced) {
        UUID tenantId = advanced.tenantId();
        if (streams.containsKey(tenantId) && queued.put(tenantId, advanced.version()) == null) {
            executor.execute(() -> refresh(tenantId));
        }
    }

    private void refresh(UUID tenantId) {
        queued.remove(tenantId);
        try (MDC.MDCCloseable ignored = MDC.putCloseable("tenantId", tenantId.toString())) {
            for (Stream stream : streams.getOrDefault(tenantId, Set.of())) {
                stream.push();
            }
        }
    }

    private void heartbeat() {
        streams.values().forEach(tenant -> tenant.forEach(stream -> stream.send(SseEmitter.event().comment("heartbeat"))));
    }

    /** Forgets a stream once (completion, error and a failed send may all report it); atomic with {@link #open}. */
    private void close(Stream stream) {
        boolean[] removed = {false};
        streams.computeIfPresent(stream.tenantId, (id, tenant) -> {
            removed[0] = tenant.remove(stream);
            return tenant.isEmpty() ? null : tenant;
        });
        if (removed[0]) {
            open.decrementAndGet();
        }
    }

    /** Ends every stream before the web server's graceful shutdown, which would otherwise wait for them. */
    @EventListener(ContextClosedEvent.class)
    void closeAll() {
        streams.values().forEach(tenant -> tenant.forEach(stream -> stream.emitter.complete()));
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }

    private final class Stream {
        private final UUID tenantId;
        private final SseEmitter emitter;
        private final Supplier<?> read;

        Stream(UUID tenantId, SseEmitter emitter, Supplier<?> read) {
            this.tenantId = tenantId;
            this.emitter = emitter;
            this.read = read;
        }

        void push() {
            Object answer;
            try {
                answer = read.get();
            } catch (RuntimeException e) {
                log.info("live stream of tenant {} ended: {}", tenantId, e.getMessage());
                emitter.complete();
                return;
            }
            send(SseEmitter.event().name("usage").data(answer, MediaType.APPLICATION_JSON));
        }

        /** Sends, or drops the stream when its connection is gone (Spring then completes the emitter itself). */
        boolean send(SseEmitter.SseEventBuilder event) {
            try {
                emitter.send(event);
                return true;
            } catch (IOException | IllegalStateException gone) {
                close(this);
                return false;
            }
        }
    }
}

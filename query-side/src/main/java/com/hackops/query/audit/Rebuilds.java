package com.hackops.query.audit;

import com.hackops.query.isolation.TenantContext;
import com.hackops.query.projection.Projector;
import com.hackops.query.projection.TenantEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rebuilds the read models from the event store with zero downtime: the inactive generation (schema) is emptied and
 * refilled by replaying every tenant's events through the same projections, in passes, while the active generation
 * keeps serving reads and live projections. When a pass finds little left, the switch transaction locks the
 * generation choice (waiting for the live projections' current batches), replays the last events and makes the
 * rebuilt generation active. Live Kafka records then meet the new generation: what it already has is a duplicate,
 * the rest applies in order. A rebuild only writes read models: it publishes nothing and notifies no one.
 * <p>
 * If an event cannot be applied, the rebuild stops with that error and the active generation stays as it was.
 */
@Component
public class Rebuilds implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Rebuilds.class);
    private static final int CHUNK = 1_000;
    private static final int SWITCH_BELOW = 200;
    private static final int MAX_PASSES = 20;
    private static final List<String> TABLES = List.of("tenant_summary", "tenant_member", "tenant_usage", "usage_hourly",
            "plan_history", "usage_alert", "projection_stream", "parked_event");

    private final EventStoreReader events;
    private final Projector projector;
    private final TenantContext context;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "read-model-rebuild"));
    private volatile Job current;

    Rebuilds(EventStoreReader events, Projector projector, TenantContext context, JdbcTemplate jdbc,
             PlatformTransactionManager transactions) {
        this.events = events;
        this.projector = projector;
        this.context = context;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Progress of a rebuild: events replayed of the store's total, rate, estimated time left. */
    public static final class Job {
        private final UUID id = UUID.randomUUID();
        private final String startedBy;
        private final Instant startedAt = Instant.now();
        private volatile String target;
        private volatile String phase = "STARTING";
        private volatile long total;
        private final AtomicLong done = new AtomicLong();
        private volatile int passes;
        private volatile Instant finishedAt;
        private volatile String error;

        Job(String startedBy) {
            this.startedBy = startedBy;
        }

        public UUID getId() { return id; }
        public String getStartedBy() { return startedBy; }
        public Instant getStartedAt() { return startedAt; }
        public Instant getFinishedAt() { return finishedAt; }
        public String getTarget() { return target; }
        public String getPhase() { return phase; }
        public long getEventsTotal() { return total; }
        public long getEventsDone() { return done.get(); }
        public int getPasses() { return passes; }
        public String getError() { return error; }

        public double getEventsPerSecond() {
            double seconds = Duration.between(startedAt, finishedAt != null ? finishedAt : Instant.now()).toMillis() / 1000.0;
            return seconds <= 0 ? 0 : Math.round(done.get() / seconds * 10) / 10.0;
        }

        public Long getEtaSeconds() {
            double rate = getEventsPerSecond();
            return finishedAt != null ? Long.valueOf(0) : rate <= 0 ? null : (long) Math.ceil(Math.max(0, total - done.get()) / rate);
        }
    }

    /** Starts a rebuild unless one is running. */
    public synchronized Job start(String operator) {
        if (current != null && current.finishedAt == null) {
            return current;
        }
        Job job = new Job(operator);
        current = job;
        log.info("{} started read-model rebuild {}", operator, job.id);
        worker.submit(() -> run(job));
        return job;
    }

    /** The running rebuild, or the last one that ran. */
    public Optional<Job> latest() {
        return Optional.ofNullable(current);
    }

    public Optional<Job> find(UUID id) {
        Job job = current;
        return job != null && job.id.equals(id) ? Optional.of(job) : Optional.empty();
    }

    private void run(Job job) {
        try {
            job.target = jdbc.queryForObject("SELECT schema_name FROM read_model_generation WHERE NOT active", String.class);
            job.phase = "EMPTYING";
            transaction.executeWithoutResult(status -> {
                context.useGeneration(job.target);
                jdbc.execute("TRUNCATE " + String.join(", ", TABLES));
            });
            job.total = events.count();
            job.phase = "REPLAYING";
            Map<UUID, Long> applied = new HashMap<>();
            long replayed;
            do {
                job.passes++;
                replayed = pass(job, applied);
                job.total = Math.max(job.total, job.done.get() + replayed);
            } while (replayed >= SWITCH_BELOW && job.passes < MAX_PASSES);
            job.phase = "SWITCHING";
            transaction.executeWithoutResult(status -> {
                jdbc.queryForList("SELECT schema_name FROM read_model_generation FOR UPDATE");
                context.useGeneration(job.target);
                pass(job, applied);
                jdbc.update("UPDATE read_model_generation SET active = false");
                jdbc.update("UPDATE read_model_generation SET active = true, built_at = now(), events = ? WHERE schema_name = ?",
                        job.done.get(), job.target);
            });
            job.total = job.done.get();
            job.phase = "DONE";
            log.info("read-model rebuild {} done: {} events into {} in {} passes", job.id, job.done.get(), job.target, job.passes);
        } catch (RuntimeException e) {
            job.error = e.getMessage();
            job.phase = "FAILED";
            log.error("read-model rebuild {} failed; the active generation is unchanged", job.id, e);
        } finally {
            job.finishedAt = Instant.now();
        }
    }

    /** Replays, for every tenant, the events after those already applied; returns how many it applied. */
    private long pass(Job job, Map<UUID, Long> applied) {
        long before = job.done.get();
        for (Map.Entry<UUID, Long> tenant : events.lastSequences().entrySet()) {
            long from = applied.getOrDefault(tenant.getKey(), -1L);
            if (tenant.getValue() > from) {
                replayTenant(job, tenant.getKey(), from, applied);
            }
        }
        return job.done.get() - before;
    }

    private void replayTenant(Job job, UUID tenantId, long after, Map<UUID, Long> applied) {
        List<StoredEvent> chunk = new ArrayList<>(CHUNK);
        events.forEach(tenantId, after, Long.MAX_VALUE, Instant.MAX, event -> {
            chunk.add(event);
            if (chunk.size() == CHUNK) {
                apply(job, tenantId, chunk, applied);
                chunk.clear();
            }
        });
        apply(job, tenantId, chunk, applied);
    }

    private void apply(Job job, UUID tenantId, List<StoredEvent> chunk, Map<UUID, Long> applied) {
        if (chunk.isEmpty()) {
            return;
        }
        transaction.executeWithoutResult(status -> {
            context.useGeneration(job.target);
            // one binding, one stream lock and one stream update for the whole chunk (it is one tenant's)
            projector.applyAll(chunk.stream().map(event -> new TenantEvent(tenantId, event.sequence(), event.position(),
                    event.eventId(), event.type(), event.recordedAt(), event.payload())).toList());
        });
        applied.put(tenantId, chunk.get(chunk.size() - 1).sequence());
        job.done.addAndGet(chunk.size());
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}

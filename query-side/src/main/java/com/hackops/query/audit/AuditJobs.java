package com.hackops.query.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The platform-wide audit: reconciles every tenant of the event store, one after the other, in the background, with
 * progress and a summary. Jobs of this instance are kept in memory (the last 20).
 */
@Component
public class AuditJobs implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AuditJobs.class);
    private static final int KEPT = 20;

    private final Reconciliation reconciliation;
    private final EventStoreReader events;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "platform-audit"));
    private final Map<UUID, Job> jobs = Collections.synchronizedMap(new LinkedHashMap<>());

    AuditJobs(Reconciliation reconciliation, EventStoreReader events) {
        this.reconciliation = reconciliation;
        this.events = events;
    }

    /** Progress and findings of one audit. */
    public static final class Job {
        private final UUID id = UUID.randomUUID();
        private final String startedBy;
        private final Instant startedAt = Instant.now();
        private volatile Instant finishedAt;
        private volatile int total = -1;
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicInteger consistent = new AtomicInteger();
        private final List<Reconciliation.Report> inconsistent = Collections.synchronizedList(new ArrayList<>());
        private volatile String error;

        Job(String startedBy) {
            this.startedBy = startedBy;
        }

        public UUID getId() { return id; }
        public String getStartedBy() { return startedBy; }
        public Instant getStartedAt() { return startedAt; }
        public Instant getFinishedAt() { return finishedAt; }
        public String getStatus() { return error != null ? "FAILED" : finishedAt != null ? "DONE" : "RUNNING"; }
        public int getTenantsTotal() { return total; }
        public int getTenantsDone() { return done.get(); }
        public int getTenantsConsistent() { return consistent.get(); }
        public List<Reconciliation.Report> getInconsistent() { return List.copyOf(inconsistent); }
        public String getError() { return error; }
        public long getElapsedMillis() {
            return Duration.between(startedAt, finishedAt != null ? finishedAt : Instant.now()).toMillis();
        }
    }

    public Job start(String operator) {
        Job job = new Job(operator);
        jobs.put(job.id, job);
        synchronized (jobs) {
            while (jobs.size() > KEPT) {
                jobs.remove(jobs.keySet().iterator().next());
            }
        }
        log.info("{} started platform audit {}", operator, job.id);
        worker.submit(() -> run(job));
        return job;
    }

    public Optional<Job> find(UUID id) {
        return Optional.ofNullable(jobs.get(id));
    }

    private void run(Job job) {
        try {
            List<UUID> tenants = List.copyOf(events.lastSequences().keySet());
            job.total = tenants.size();
            for (UUID tenant : tenants) {
                Reconciliation.Report report = reconciliation.reconcile(tenant);
                if (report.consistent()) {
                    job.consistent.incrementAndGet();
                } else {
                    job.inconsistent.add(report);
                }
                job.done.incrementAndGet();
            }
        } catch (RuntimeException e) {
            job.error = e.getMessage();
            log.error("platform audit {} failed", job.id, e);
        } finally {
            job.finishedAt = Instant.now();
            log.info("platform audit {}: {} of {} tenants consistent", job.id, job.consistent.get(), job.total);
        }
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}

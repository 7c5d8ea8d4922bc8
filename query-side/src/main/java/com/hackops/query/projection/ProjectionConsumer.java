package com.hackops.query.projection;

import com.hackops.query.faults.CrashPoints;
import com.hackops.query.isolation.TenantContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Feeds the read models from {@code tenant-events}. Consumers share a group, so partitions (hence tenants) spread
 * over the query-side instances. A poll's records are applied in one transaction, each tenant's with one binding, one
 * stream lock and one stream update; the offsets are committed by the
 * container only after it returns, i.e. after the database commit — a crash in between redelivers records the
 * {@link Projector} recognises as applied.
 * <p>
 * If the batch fails, its records are applied one by one, each retried a few times; a record that still fails is
 * parked for its tenant only. A failure of the database rather than of an event ({@link TransientFailures}: the
 * connection reset, PostgreSQL restarting, a serialization conflict) parks nothing: it reaches the container, which
 * retries the whole batch later, as it does when even parking fails. Nothing is ever skipped.
 * <p>
 * Each applied event announces a {@link ReadModelAdvanced} in its transaction; listeners hear it after the commit
 * (live dashboards). While a record is retried alone or parked, and while an applied record is announced, its tenant
 * is in the logging context (MDC {@code tenantId}); a poll's runs are applied together, under no one tenant.
 */
@Component
class ProjectionConsumer {

    static final int ATTEMPTS = 3;
    private static final Logger log = LoggerFactory.getLogger(ProjectionConsumer.class);

    private final TenantContext context;
    private final EventDecoder decoder;
    private final Projector projector;
    private final ParkedEvents parked;
    private final TransactionTemplate transaction;
    private final Counter applied;
    private final Counter duplicates;
    private final Counter parkedCount;
    private final ApplicationEventPublisher announcements;
    private final CrashPoints crashPoints;

    ProjectionConsumer(TenantContext context, EventDecoder decoder, Projector projector, ParkedEvents parked,
                       PlatformTransactionManager transactions, MeterRegistry meters,
                       ApplicationEventPublisher announcements, CrashPoints crashPoints) {
        this.context = context;
        this.decoder = decoder;
        this.projector = projector;
        this.parked = parked;
        this.transaction = new TransactionTemplate(transactions);
        this.applied = meters.counter("hackops.projection.events", "outcome", "applied");
        this.duplicates = meters.counter("hackops.projection.events", "outcome", "duplicate");
        this.parkedCount = meters.counter("hackops.projection.events", "outcome", "parked");
        this.announcements = announcements;
        this.crashPoints = crashPoints;
    }

    @KafkaListener(id = "projections", idIsGroup = false, topics = "${hackops.kafka.topic}", batch = "true")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        try {
            transaction.executeWithoutResult(status -> {
                context.lockActiveGeneration();
                applyOrQueue(runsOfOneTenant(records));
            });
        } catch (RuntimeException batchFailure) {
            if (TransientFailures.isTransient(batchFailure)) {
                throw batchFailure; // the database, not the records: the container retries the batch, nothing is parked
            }
            log.warn("batch of {} records failed ({}); applying them one by one", records.size(), batchFailure.getMessage());
            records.forEach(this::applyAlone);
        }
        // committed (applied or parked): the container commits the offsets only when this method has returned
        crashPoints.reach(CrashPoints.Point.AFTER_WRITE_BEFORE_OFFSET,
                () -> "%d record(s) written, their offsets not committed (partition=first offset: %s)".formatted(
                        records.size(), records.stream().collect(Collectors.toMap(ConsumerRecord::partition,
                                ConsumerRecord::offset, Math::min, TreeMap::new))));
    }

    /**
     * Splits a poll into one run per tenant, each in the poll's order (a tenant's records are in one partition, in
     * order; tenants are independent of each other), which the projector applies with one binding, one stream lock and
     * one stream update per run. A record that names no tenant stands alone.
     */
    static List<List<ConsumerRecord<String, byte[]>>> runsOfOneTenant(List<ConsumerRecord<String, byte[]>> records) {
        Map<Object, List<ConsumerRecord<String, byte[]>>> runs = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            UUID tenant = EventDecoder.tenantOf(record);
            runs.computeIfAbsent(tenant == null ? new Object() : tenant, key -> new ArrayList<>()).add(record);
        }
        return List.copyOf(runs.values());
    }

    /**
     * Applies runs of one tenant's records each (or parks them behind a parked one): the projector takes them all at
     * once, so that the usage reports of many tenants reach the database in one round trip.
     */
    private void applyOrQueue(List<List<ConsumerRecord<String, byte[]>>> runs) {
        List<List<ConsumerRecord<String, byte[]>>> tenantRuns = new ArrayList<>(runs.size());
        List<List<TenantEvent>> events = new ArrayList<>(runs.size());
        for (List<ConsumerRecord<String, byte[]>> run : runs) {
            ConsumerRecord<String, byte[]> first = run.get(0);
            if (EventDecoder.tenantOf(first) == null) {
                log.error("record {}-{}@{} has no tenant key; it is not an event of this platform and is ignored",
                        first.topic(), first.partition(), first.offset());
            } else {
                tenantRuns.add(run);
                events.add(run.stream().map(decoder::decode).toList());
            }
        }
        if (events.isEmpty()) {
            return;
        }
        List<List<Projector.Outcome>> outcomes = projector.applyRuns(events);
        for (int r = 0; r < events.size(); r++) {
            List<TenantEvent> run = events.get(r);
            UUID tenant = run.get(0).tenantId();
            try (MDC.MDCCloseable ignored = MDC.putCloseable("tenantId", tenant.toString())) {
                for (int i = 0; i < run.size(); i++) {
                    TenantEvent event = run.get(i);
                    switch (outcomes.get(r).get(i)) {
                        case APPLIED -> {
                            applied.increment();
                            announcements.publishEvent(new ReadModelAdvanced(tenant, event.sequence()));
                        }
                        case DUPLICATE -> duplicates.increment();
                        case PARKED_BEHIND -> {
                            parked.park(event, tenantRuns.get(r).get(i).value(), "an earlier event of this tenant is parked", 0);
                            parkedCount.increment();
                        }
                    }
                }
            }
        }
    }

    private void applyAlone(ConsumerRecord<String, byte[]> record) {
        UUID tenant = EventDecoder.tenantOf(record);
        try (MDC.MDCCloseable ignored = MDC.putCloseable("tenantId", tenant == null ? null : tenant.toString())) {
            RuntimeException last = null;
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                try {
                    transaction.executeWithoutResult(status -> {
                        context.lockActiveGeneration();
                        applyOrQueue(List.of(List.of(record)));
                    });
                    return;
                } catch (RuntimeException e) {
                    if (TransientFailures.isTransient(e)) {
                        throw e; // as above: only a failure of the event itself parks it
                    }
                    last = e;
                }
            }
            park(record, last);
        }
        parkedCount.increment();
    }

    private void park(ConsumerRecord<String, byte[]> record, RuntimeException failure) {
        transaction.executeWithoutResult(status -> {
            context.lockActiveGeneration();
            parked.park(decoder.envelope(record), record.value(),
                    failure.getClass().getSimpleName() + ": " + failure.getMessage(), ATTEMPTS);
        });
    }
}

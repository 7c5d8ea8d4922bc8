package com.hackops.command.eventstore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serial;
import java.io.Serializable;
import java.util.HashSet;
import java.util.Set;

/**
 * Snapshots a tenant from the state the command side already holds, instead of rebuilding it from the store.
 * <p>
 * Axon's snapshotter, once a unit of work that crossed the snapshot threshold has committed, reads the tenant's last
 * snapshot and the events after it, replays them into a new aggregate and stores that: 16 % of the group commit's
 * committer in a profile of S2, and a replay of up to 25 batches of 1,000 usage changes for a tenant reporting in
 * batches. But right after that commit the tenants' cache ({@link StoreCheckedCache}) holds the very state the unit of
 * work committed, at the version it committed, and the unit of work still holds the tenant's lock (Axon releases it
 * when the unit of work cleans up, after its after-commit handlers), so nothing can change that state while it is
 * serialized. This snapshotter stores that state at that version, leaving only the serialization and the insert. It
 * is the state Axon would have rebuilt as long as a tenant's state follows from its events alone (every field set by
 * event-sourcing handlers), which the cache itself already relies on: the tenant a command decides on is the cached
 * one. {@code SnapshotsIT} compares a snapshot from the cache with Axon's rebuild of the same tenant.
 * <p>
 * The snapshots are asked for by {@link #everyEvents}: Axon's event-count trigger, but asking always from within the
 * unit of work that crossed the threshold, before it commits. Axon's own asks for a tenant created on this node (never
 * loaded from the store, so never "initialized") only as the unit of work cleans up, whether it committed or not.
 * <p>
 * When the cache no longer holds the tenant (evicted meanwhile) or a snapshot is asked for outside a unit of work, it
 * hands the tenant to Axon's snapshotter. A snapshot that fails to store is logged and skipped, as Axon does: it is an
 * optimisation of loading, never part of a command's outcome. A unit of work that crossed the threshold and rolled
 * back stores nothing: the next one that commits does. {@code hackops.snapshots} counts them: {@code from=cache} with
 * {@code outcome=stored} or {@code failed}, {@code from=store} (handed to Axon's snapshotter, which logs its own
 * failures) with {@code outcome=rebuilt}.
 */
final class CacheSnapshotter {

    private static final Logger log = LoggerFactory.getLogger(CacheSnapshotter.class);
    private static final String SCHEDULED = CacheSnapshotter.class.getName() + ".scheduled";

    private final Snapshotter fromStore;
    private final StoreCheckedCache cache;
    private final EventStore eventStore;
    private final TransactionManager transactions;
    private final Counter stored;
    private final Counter failed;
    private final Counter rebuilt;

    CacheSnapshotter(Snapshotter fromStore, StoreCheckedCache cache, EventStore eventStore,
                     TransactionManager transactions, MeterRegistry meters) {
        this.fromStore = fromStore;
        this.cache = cache;
        this.eventStore = eventStore;
        this.transactions = transactions;
        this.stored = snapshots(meters, "cache", "stored");
        this.failed = snapshots(meters, "cache", "failed");
        this.rebuilt = snapshots(meters, "store", "rebuilt");
    }

    private static Counter snapshots(MeterRegistry meters, String from, String outcome) {
        return Counter.builder("hackops.snapshots").tag("from", from).tag("outcome", outcome)
                .description("snapshots of aggregates, by where their state was taken from").register(meters);
    }

    /**
     * A snapshot of the aggregate once the current unit of work has committed (from the store at once when there is
     * none, or it is committing already).
     *
     * @param typeName the aggregate's type as its events name it in the store ({@code DomainEventMessage#getType})
     */
    void schedule(Class<?> aggregateType, String typeName, String aggregateIdentifier) {
        if (!CurrentUnitOfWork.isStarted()
                || !CurrentUnitOfWork.get().phase().isBefore(UnitOfWork.Phase.COMMIT)) {
            rebuild(aggregateType, aggregateIdentifier);
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        Set<String> scheduled = unitOfWork.root().getOrComputeResource(SCHEDULED, name -> new HashSet<>());
        if (scheduled.add(aggregateIdentifier)) {
            unitOfWork.afterCommit(committed -> snapshot(aggregateType, typeName, aggregateIdentifier));
            unitOfWork.onRollback(rolledBack -> scheduled.remove(aggregateIdentifier)); // a nested one, within the root
        }
    }

    private void snapshot(Class<?> aggregateType, String typeName, String aggregateIdentifier) {
        StoreCheckedCache.Held held = cache.held(aggregateIdentifier);
        if (held == null || held.version() == null) {
            rebuild(aggregateType, aggregateIdentifier);
            return;
        }
        if (held.deleted()) {
            return;
        }
        try {
            transactions.executeInTransaction(() -> eventStore.storeSnapshot(new GenericDomainEventMessage<>(
                    typeName, aggregateIdentifier, held.version(), held.root())));
            stored.increment();
        } catch (RuntimeException e) {
            failed.increment();
            log.warn("Snapshot of {} {} at version {} not stored; the next one is due after as many events again",
                    aggregateType.getSimpleName(), aggregateIdentifier, held.version(), e);
        }
    }

    private void rebuild(Class<?> aggregateType, String aggregateIdentifier) {
        rebuilt.increment();
        fromStore.scheduleSnapshot(aggregateType, aggregateIdentifier);
    }

    /**
     * A snapshot every {@code threshold} events a tenant handles (applied by a command, or replayed when it is
     * loaded), counted from its load or last snapshot, asked for from the unit of work that handled the event.
     */
    static SnapshotTriggerDefinition everyEvents(int threshold, CacheSnapshotter snapshotter) {
        return new SnapshotTriggerDefinition() {
            @Override
            public SnapshotTrigger prepareTrigger(Class<?> aggregateType) {
                return new EventCount(aggregateType, threshold, snapshotter);
            }

            @Override
            public SnapshotTrigger reconfigure(Class<?> aggregateType, SnapshotTrigger trigger) {
                if (trigger instanceof EventCount count) { // a cached tenant's trigger keeps its count
                    count.snapshotter = snapshotter;
                    return count;
                }
                return prepareTrigger(aggregateType);
            }
        };
    }

    private static final class EventCount implements SnapshotTrigger, Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        private final Class<?> aggregateType;
        private final int threshold;
        private int counted;
        private transient CacheSnapshotter snapshotter;

        EventCount(Class<?> aggregateType, int threshold, CacheSnapshotter snapshotter) {
            this.aggregateType = aggregateType;
            this.threshold = threshold;
            this.snapshotter = snapshotter;
        }

        @Override
        public void eventHandled(EventMessage<?> event) {
            if (event instanceof DomainEventMessage<?> domainEvent && ++counted >= threshold) {
                counted = 0;
                snapshotter.schedule(aggregateType, domainEvent.getType(), domainEvent.getAggregateIdentifier());
            }
        }

        @Override
        public void initializationFinished() {
            // counted the same while loading and after: a long replay is a reason to snapshot
        }
    }
}

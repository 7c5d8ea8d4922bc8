package com.hackops.command.eventstore;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import java.util.List;

/**
 * The event store as Axon's auto-configuration builds it, except that each event stream reads the storage itself
 * instead of through the store's shared cache ({@code optimizeEventConsumption(false)}).
 * <p>
 * The shared cache keeps up to 10,000 recent events, each with its own {@code GapAwareTrackingToken}, and each token
 * holds its own copy of every gap in {@code global_index} within 10,000 positions. Gaps are what an append that lost
 * its race to another command-side node (or a transaction cut off by a failure) leaves in the bigserial: with two
 * nodes on the same tenants there were about 700 in the window, so the cache held some 8 million gap entries (340 MB)
 * and a node with {@code -Xmx384m} died of {@code OutOfMemoryError} within three minutes, its HTTP poller thread
 * first — the process stayed up, accepting connections and answering none (found by the chaos suite, infra/chaos).
 * The cache only pays off with several streaming processors on one store; this service has one (the Kafka
 * publisher), which reads in batches of its own.
 * <p>
 * Its streams are read through {@link SignalledEventSource}: a commit of this node signals the publisher
 * ({@link AppendSignal}) instead of the publisher asking the store again every 500 ms.
 * <p>
 * Axon's auto-configuration builds its JDBC storage engine only while no event bus is defined, so the engine is
 * defined here too, exactly as Axon would (our schema, serializers and exception resolver).
 */
@Configuration(proxyBeanMethods = false)
@Profile("!" + DefaultAxonBaseline.PROFILE)
class EventStreams {

    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer, PersistenceExceptionResolver persistenceExceptionResolver,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider, TransactionManager transactionManager,
                                          EventSchema eventSchema) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema)
                .build();
    }

    @Qualifier("eventStore")
    @Bean(name = "eventBus")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                  AppendSignal appendSignal) {
        EmbeddedEventStore.Builder builder = EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .optimizeEventConsumption(false);
        return signalling(builder, appendSignal);
    }

    /** The store built by {@code builder}, which tells {@code signal} whenever events of this node are committed. */
    static EmbeddedEventStore signalling(EmbeddedEventStore.Builder builder, AppendSignal signal) {
        return new EmbeddedEventStore(builder) {
            /** Axon's own hook after a commit (meant for its shared cache, unused here); not called on rollback. */
            @Override
            protected void afterCommit(List<? extends EventMessage<?>> events) {
                super.afterCommit(events);
                signal.committed();
            }
        };
    }

    @Bean(destroyMethod = "close")
    AppendSignal appendSignal(EventStoreProperties properties) {
        return new AppendSignal(properties.streamWakeInterval(), properties.streamPollInterval());
    }

    /** The source of the streaming processors (application.yml names it): the store, with streams that signal. */
    @Bean
    SignalledEventSource signalledEventStore(EmbeddedEventStore eventStore, AppendSignal appendSignal) {
        return new SignalledEventSource(eventStore, appendSignal);
    }
}

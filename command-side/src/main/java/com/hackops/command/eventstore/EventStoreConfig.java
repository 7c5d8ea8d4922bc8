package com.hackops.command.eventstore;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.hackops.command.rejection.Rejection;
import com.hackops.platform.web.InstantJson;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandBusSpanFactory;
import org.axonframework.commandhandling.DuplicateCommandHandlerResolver;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.AxonNonTransientException;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Axon on PostgreSQL through the JDBC engine: snake_case tables created by Flyway, Jackson for events,
 * messages, tokens and snapshots (never XStream), tenants cached (checked against the store on every use, see
 * {@link StoreCheckedCache}) and snapshotted.
 */
@Configuration(proxyBeanMethods = false)
public class EventStoreConfig {

    /** The tuned beans below give way to {@link DefaultAxonBaseline}'s in the benchmark baseline profile. */
    private static final String NOT_BASELINE = "!" + DefaultAxonBaseline.PROFILE;

    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    /**
     * PostgreSQL reports a unique violation as SQLState 23505 on a plain PSQLException, which Axon's default JDBC
     * resolver does not recognise: without this, a lost append race would be a 500 instead of a retried
     * ConcurrencyException.
     */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver("23505");
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    /** One Jackson serializer for everything Axon stores; the web layer keeps Spring's own ObjectMapper. */
    @Bean
    @Primary
    @Profile(NOT_BASELINE)
    Serializer serializer() {
        return jacksonSerializer(new ObjectMapper());
    }

    static Serializer jacksonSerializer(ObjectMapper mapper) {
        mapper.registerModule(new JavaTimeModule())
                // after the JSR-310 module: instants in their written form are read without its DateTimeFormatter
                .registerModule(InstantJson.module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // snapshots serialize the aggregate's private state, which has no getters
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        return JacksonSerializer.builder().objectMapper(mapper).build();
    }

    @Bean
    @Qualifier("eventSerializer")
    @Profile(NOT_BASELINE)
    Serializer eventSerializer(Serializer serializer) {
        return serializer;
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer(Serializer serializer) {
        return serializer;
    }

    /**
     * A snapshot of the tenant every {@code snapshot-threshold} events, taken from the tenant as the cache holds it
     * ({@link CacheSnapshotter}).
     */
    @Bean
    @Profile(NOT_BASELINE)
    SnapshotTriggerDefinition tenantSnapshotTrigger(Snapshotter snapshotter, StoreCheckedCache tenantCache,
                                                    EventStore eventStore, TransactionManager transactions,
                                                    EventStoreProperties properties, MeterRegistry meters) {
        return CacheSnapshotter.everyEvents(properties.snapshotThreshold(),
                new CacheSnapshotter(snapshotter, tenantCache, eventStore, transactions, meters));
    }

    /** Which tenant a command is for, found once per command class (Axon's default searches on every command). */
    @Bean
    @Profile(NOT_BASELINE)
    CommandTargetResolver commandTargetResolver() {
        return new CachedCommandTargetResolver();
    }

    @Bean
    @Profile(NOT_BASELINE)
    StoreCheckedCache tenantCache(EventStoreProperties properties, JdbcTemplate jdbc, EventSchema schema) {
        return new StoreCheckedCache(properties.cacheSize(), jdbc, schema.domainEventTable());
    }

    /**
     * Axon's own command bus, settings and interceptors as its auto-configuration builds it, but usage reports that
     * arrive together are committed in one transaction ({@link GroupCommitCommandBus}; {@code group-commit-size: 1}
     * turns it off). The default-Axon baseline keeps Axon's.
     */
    @Bean // closed by Spring's inferred destroy method when it is a GroupCommitCommandBus
    @Qualifier("localSegment")
    @Profile(NOT_BASELINE)
    SimpleCommandBus commandBus(TransactionManager transactions, org.axonframework.config.Configuration axon,
                                DuplicateCommandHandlerResolver duplicates, CommandTargetResolver targets,
                                EventStoreProperties properties, MeterRegistry meters) {
        SimpleCommandBus.Builder builder = SimpleCommandBus.builder()
                .duplicateCommandHandlerResolver(duplicates)
                .spanFactory(axon.getComponent(CommandBusSpanFactory.class))
                .messageMonitor(axon.messageMonitor(CommandBus.class, "commandBus"));
        SimpleCommandBus bus;
        if (properties.groupCommitSize() > 1) {
            DistributionSummary groups = DistributionSummary.builder("hackops.command.groups")
                    .description("commands committed in one transaction by the group commit").register(meters);
            bus = new GroupCommitCommandBus(builder, transactions,
                    command -> command.getPayload() instanceof GroupCommitted,
                    command -> targets.resolveTarget(command).getIdentifier(),
                    properties.groupCommitSize(), properties.groupCommitLinger(), groups::record);
        } else {
            bus = builder.transactionManager(transactions).build();
        }
        bus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(axon.correlationDataProviders()));
        return bus;
    }

    /**
     * Commands that lost an append race to another node are retried on fresh state (the cache entry is evicted
     * on rollback). Rejections are answers, not failures: they are never retried.
     */
    @Bean(destroyMethod = "shutdown")
    ScheduledExecutorService commandRetryExecutor() {
        return Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, ScheduledExecutorService commandRetryExecutor,
                                  EventStoreProperties properties) {
        var retries = JitteredRetryScheduler.builder()
                .baseMillis(properties.retryInterval().toMillis())
                .retryExecutor(commandRetryExecutor)
                .maxRetryCount(properties.concurrencyRetries())
                .nonTransientFailurePredicate(failure ->
                        failure instanceof Rejection || failure instanceof AxonNonTransientException)
                .build();
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(retries).build();
    }
}

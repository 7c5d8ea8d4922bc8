package com.hackops.command.eventstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.thoughtworks.xstream.XStream;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.xml.XStreamSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Profile;

/**
 * Profile {@value #PROFILE}: the benchmark baseline with Axon's out-of-the-box choices (see
 * application-default-axon.yml). Replaces the tuned beans of {@link EventStoreConfig}: XStream as the general
 * serializer (tokens, snapshots, messages), no aggregate cache, no snapshots. Events stay Jackson: their JSON is
 * what Kafka consumers read.
 */
@Configuration(proxyBeanMethods = false)
@Profile(DefaultAxonBaseline.PROFILE)
class DefaultAxonBaseline {

    static final String PROFILE = "default-axon";

    @Bean
    @Primary
    Serializer serializer() {
        XStream xStream = new XStream();
        // XStream refuses every type it is not told about; Axon's own and ours are what it stores here
        xStream.allowTypesByWildcard(new String[] {"org.axonframework.**", "com.hackops.**"});
        return XStreamSerializer.builder().xStream(xStream).build();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        return EventStoreConfig.jacksonSerializer(new ObjectMapper());
    }

    @Bean
    Cache tenantCache() {
        return NoCache.INSTANCE;
    }

    @Bean
    CommandTargetResolver commandTargetResolver() {
        return AnnotationCommandTargetResolver.builder().build();
    }

    @Bean
    SnapshotTriggerDefinition tenantSnapshotTrigger() {
        return NoSnapshotTriggerDefinition.INSTANCE;
    }
}

package com.hackops.command.eventstore;

import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command side reads its own event store through Axon: every stored sample of every event revision (shipped in
 * shared-events) goes through the production serializer and the upcaster chain into the event class of this build.
 * There is no upcaster yet (every event is at revision 1); the first one joins the chain here and as a bean.
 */
class EventSamplesThroughAxonTest {

    @Test
    void every_sample_of_every_revision_reads_through_axons_upcaster_chain() throws IOException {
        Serializer serializer = new EventStoreConfig().serializer();
        Resource[] samples = new PathMatchingResourcePatternResolver().getResources("classpath*:event-samples/*.json");
        assertThat(samples).hasSizeGreaterThanOrEqualTo(20);
        for (Resource sample : samples) {
            String name = sample.getFilename().replaceFirst("\\.json$", "");
            String type = name.substring(0, name.lastIndexOf(".v"));
            String revision = name.substring(name.lastIndexOf(".v") + 2);
            var entry = new GenericDomainEventEntry<>("Tenant", "7d1c7a8e-3f0a-4c59-9a57-2a0c3c1f5b11", 0, "e-" + name,
                    java.time.Instant.EPOCH, type, revision, sample.getContentAsByteArray(), "{}".getBytes());
            List<IntermediateEventRepresentation> upcasted = NoOpEventUpcaster.INSTANCE
                    .upcast(Stream.of(new InitialEventRepresentation(entry, serializer))).collect(Collectors.toList());
            assertThat(upcasted).hasSize(1);
            Object event = serializer.deserialize(upcasted.get(0).getData());
            assertThat(event.getClass().getName()).as(name).isEqualTo(type);
        }
    }
}

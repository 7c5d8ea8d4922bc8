package com.hackops.command.eventstore;

import com.hackops.command.personaldata.MemberAddedUpcaster;
import com.hackops.events.membership.MemberAdded;
import com.hackops.events.types.Role;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
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
 * Every upcaster bean joins the chain here too.
 */
class EventSamplesThroughAxonTest {

    private static final Serializer SERIALIZER = new EventStoreConfig().serializer();
    private static final EventUpcaster UPCASTERS = new EventUpcasterChain(new MemberAddedUpcaster());

    @Test
    void every_sample_of_every_revision_reads_through_axons_upcaster_chain() throws IOException {
        Resource[] samples = new PathMatchingResourcePatternResolver().getResources("classpath*:event-samples/*.json");
        assertThat(samples).hasSizeGreaterThanOrEqualTo(20);
        for (Resource sample : samples) {
            String name = sample.getFilename().replaceFirst("\\.json$", "");
            assertThat(read(name, sample).getClass().getName()).as(name).isEqualTo(name.substring(0, name.lastIndexOf(".v")));
        }
    }

    @Test
    void a_revision_1_member_keeps_user_and_role_and_loses_the_plain_email_it_could_not_seal() throws IOException {
        String name = MemberAdded.class.getName() + ".v1";
        MemberAdded added = (MemberAdded) read(name, new PathMatchingResourcePatternResolver()
                .getResource("classpath:event-samples/" + name + ".json"));

        assertThat(added.userId()).isEqualTo("bob");
        assertThat(added.role()).isEqualTo(Role.ADMIN);
        assertThat(added.addedBy()).isEqualTo("alice");
        assertThat(added.personalData()).isNull();
    }

    private static Object read(String name, Resource sample) throws IOException {
        String type = name.substring(0, name.lastIndexOf(".v"));
        String revision = name.substring(name.lastIndexOf(".v") + 2);
        var entry = new GenericDomainEventEntry<>("Tenant", "7d1c7a8e-3f0a-4c59-9a57-2a0c3c1f5b11", 0, "e-" + name,
                java.time.Instant.EPOCH, type, revision, sample.getContentAsByteArray(), "{}".getBytes());
        List<IntermediateEventRepresentation> upcasted = UPCASTERS
                .upcast(Stream.of(new InitialEventRepresentation(entry, SERIALIZER))).collect(Collectors.toList());
        assertThat(upcasted).hasSize(1);
        return SERIALIZER.deserialize(upcasted.get(0).getData());
    }
}

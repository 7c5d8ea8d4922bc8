package com.hackops.query.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.hackops.events.membership.MemberAdded;
import com.hackops.events.personaldata.PersonKey;
import com.hackops.events.personaldata.PersonalData;
import com.hackops.events.types.Role;
import com.hackops.events.types.TenantId;
import com.hackops.events.wire.TenantEventsTopic;
import com.hackops.query.personaldata.MemberAddedUpcaster;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every stored sample of every event revision (shipped in shared-events) reads through the query side's upcaster
 * chain into the event class this build knows; a sample of the current revision reads back as it was written.
 */
class EventSamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    /** Every upcaster bean of the query side. */
    private static final List<EventUpcaster> UPCASTERS = List.of(new MemberAddedUpcaster());

    @Test
    void every_sample_of_every_revision_reads_through_the_upcaster_chain() throws IOException {
        EventDecoder decoder = new EventDecoder(JSON, UPCASTERS);
        Resource[] samples = new PathMatchingResourcePatternResolver().getResources("classpath*:event-samples/*.json");
        assertThat(samples).hasSizeGreaterThanOrEqualTo(21);
        for (Resource sample : samples) {
            String name = sample.getFilename().replaceFirst("\\.json$", "");
            Object event = decoder.payload(name, sample.getContentAsByteArray());
            assertThat(event.getClass().getName()).isEqualTo(TenantEventsTopic.payloadClassName(name));
            if (event.getClass().getAnnotation(Revision.class).value().equals(TenantEventsTopic.revision(name))) {
                com.fasterxml.jackson.databind.JsonNode roundTrip = JSON.readTree(JSON.writeValueAsBytes(event));
                // sets (e.g. the metrics over limit) carry no order: compare them as sets
                assertThat(sortedArrays(roundTrip)).as(name).isEqualTo(sortedArrays(JSON.readTree(sample.getContentAsByteArray())));
            }
        }
    }

    @Test
    void a_member_of_revision_1_loses_the_plain_email_and_one_of_revision_2_opens_with_its_key() throws IOException {
        EventDecoder decoder = new EventDecoder(JSON, UPCASTERS);
        String type = MemberAdded.class.getName();
        MemberAdded v1 = (MemberAdded) decoder.payload(type + ".v1", sample(type + ".v1"));
        MemberAdded v2 = (MemberAdded) decoder.payload(type + ".v2", sample(type + ".v2"));

        assertThat(v1).isEqualTo(new MemberAdded(v2.tenantId(), "bob", null, Role.ADMIN, "alice"));
        PersonKey sampleKey = PersonKey.of(UUID.fromString("3b241101-e2bb-4255-8caf-4136c566a962"), new byte[32]);
        assertThat(sampleKey.open(v2.personalData(), TenantId.of("7d1c7a8e-3f0a-4c59-9a57-2a0c3c1f5b11"), "bob"))
                .isEqualTo(new PersonalData("bob@example.com", "Bob Example"));
    }

    private static byte[] sample(String name) throws IOException {
        return new PathMatchingResourcePatternResolver().getResource("classpath:event-samples/" + name + ".json")
                .getContentAsByteArray();
    }

    private static com.fasterxml.jackson.databind.JsonNode sortedArrays(com.fasterxml.jackson.databind.JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), sortedArrays(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            java.util.List<com.fasterxml.jackson.databind.JsonNode> items = new java.util.ArrayList<>();
            node.forEach(item -> items.add(sortedArrays(item)));
            if (items.stream().allMatch(com.fasterxml.jackson.databind.JsonNode::isTextual)) {
                items.sort(java.util.Comparator.comparing(com.fasterxml.jackson.databind.JsonNode::asText));
            }
            return JSON.createArrayNode().addAll(items);
        }
        return node;
    }

    @Test
    void an_older_revision_is_carried_to_the_current_one_and_an_unknown_one_is_refused() throws IOException {
        EventUpcaster mailToEmail = new EventUpcaster() {
            public String payloadType() { return MemberAdded.class.getName(); }
            public String fromRevision() { return "0"; }
            public String toRevision() { return "1"; }
            public ObjectNode upcast(ObjectNode json) {
                json.set("email", json.remove("mail"));
                return json;
            }
        };
        byte[] v0 = new PathMatchingResourcePatternResolver()
                .getResource("classpath:upcasting/com.hackops.events.membership.MemberAdded.v0.json").getContentAsByteArray();
        MemberAdded added = (MemberAdded) new EventDecoder(JSON, List.of(mailToEmail, new MemberAddedUpcaster()))
                .payload(MemberAdded.class.getName() + ".v0", v0);
        assertThat(added.userId()).isEqualTo("bob");
        assertThat(added.role()).isEqualTo(Role.ADMIN);
        assertThat(added.personalData()).as("revision 1 had the e-mail in plain text: not carried on").isNull();

        assertThatThrownBy(() -> new EventDecoder(JSON, List.of()).payload(MemberAdded.class.getName() + ".v0", v0))
                .hasMessageContaining("no upcaster from revision 0");
        assertThatThrownBy(() -> new EventDecoder(JSON, List.of()).payload("java.lang.Runtime.v1", v0))
                .hasMessageContaining("not an event of the contract");
    }
}

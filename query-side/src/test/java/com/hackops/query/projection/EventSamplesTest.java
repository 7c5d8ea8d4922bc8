package com.hackops.query.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.hackops.events.membership.MemberAdded;
import com.hackops.events.wire.TenantEventsTopic;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every stored sample of every event revision (shipped in shared-events) reads through the query side's upcaster
 * chain into the event class this build knows.
 */
class EventSamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void every_sample_of_every_revision_reads_through_the_upcaster_chain() throws IOException {
        EventDecoder decoder = new EventDecoder(JSON, List.of());
        Resource[] samples = new PathMatchingResourcePatternResolver().getResources("classpath*:event-samples/*.json");
        assertThat(samples).hasSizeGreaterThanOrEqualTo(21);
        for (Resource sample : samples) {
            String name = sample.getFilename().replaceFirst("\\.json$", "");
            Object event = decoder.payload(name, sample.getContentAsByteArray());
            assertThat(event.getClass().getName()).isEqualTo(TenantEventsTopic.payloadClassName(name));
            com.fasterxml.jackson.databind.JsonNode roundTrip = JSON.readTree(JSON.writeValueAsBytes(event));
            // sets (e.g. the metrics over limit) carry no order: compare them as sets
            assertThat(sortedArrays(roundTrip)).as(name).isEqualTo(sortedArrays(JSON.readTree(sample.getContentAsByteArray())));
        }
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
        MemberAdded added = (MemberAdded) new EventDecoder(JSON, List.of(mailToEmail))
                .payload(MemberAdded.class.getName() + ".v0", v0);
        assertThat(added.email()).isEqualTo("bob@example.com");

        assertThatThrownBy(() -> new EventDecoder(JSON, List.of()).payload(MemberAdded.class.getName() + ".v0", v0))
                .hasMessageContaining("no upcaster from revision 0");
        assertThatThrownBy(() -> new EventDecoder(JSON, List.of()).payload("java.lang.Runtime.v1", v0))
                .hasMessageContaining("not an event of the contract");
    }
}

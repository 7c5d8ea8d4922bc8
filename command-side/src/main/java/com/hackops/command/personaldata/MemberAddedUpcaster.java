package com.hackops.command.personaldata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hackops.events.membership.MemberAdded;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.stereotype.Component;

/**
 * Reads a {@link MemberAdded} of revision 1 ({@code email} in plain text) as revision 2. The plain e-mail cannot be
 * sealed here — there is no key to seal it with, and a key made now would not remove the plain text from the stored
 * event — so it is dropped: the upcast event has no personal data ({@code null}) and readers show the erased
 * placeholder for such members. No deployment has stored revision-1 events (README, Security).
 * The query side reads the same revision through its own {@code MemberAddedUpcaster}.
 */
@Component
public class MemberAddedUpcaster extends SingleEventUpcaster {

    private static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(MemberAdded.class.getName(), "1");
    private static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(MemberAdded.class.getName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().equals(REVISION_1);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, json -> {
            ObjectNode payload = (ObjectNode) json;
            payload.remove("email");
            payload.putNull("personalData");
            return payload;
        });
    }
}

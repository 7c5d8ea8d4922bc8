package com.hackops.query.personaldata;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hackops.events.membership.MemberAdded;
import com.hackops.query.projection.EventUpcaster;
import org.springframework.stereotype.Component;

/**
 * Reads a {@link MemberAdded} of revision 1 ({@code email} in plain text) as revision 2. The plain e-mail cannot be
 * sealed here (there is no key to seal it with), so it is dropped: the upcast event has no personal data and the read
 * models show {@code PersonalData.ERASED} for such members. No deployment has stored revision-1 events (README,
 * Security). The command side reads the same revision through its own {@code MemberAddedUpcaster}.
 */
@Component
public class MemberAddedUpcaster implements EventUpcaster {

    @Override
    public String payloadType() {
        return MemberAdded.class.getName();
    }

    @Override
    public String fromRevision() {
        return "1";
    }

    @Override
    public String toRevision() {
        return "2";
    }

    @Override
    public ObjectNode upcast(ObjectNode json) {
        json.remove("email");
        json.putNull("personalData");
        return json;
    }
}

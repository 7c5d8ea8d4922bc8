package com.hackops.query.projection;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads one revision of an event as the next: how the query side keeps reading events written before a contract
 * change. Register each as a Spring bean; {@link EventDecoder} chains them until the revision this build knows.
 * (The command side reads its own store through Axon's upcaster chain; docs/architecture.md says how to change an
 * event on both sides.)
 */
public interface EventUpcaster {

    /** The payload class name, e.g. {@code com.hackops.events.membership.MemberAdded}. */
    String payloadType();

    String fromRevision();

    String toRevision();

    /** The JSON of {@link #toRevision()} made from that of {@link #fromRevision()}. */
    ObjectNode upcast(ObjectNode json);
}

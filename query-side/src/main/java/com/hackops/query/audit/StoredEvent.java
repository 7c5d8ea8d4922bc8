package com.hackops.query.audit;

import java.time.Instant;

/** An event as the event store holds it: position in the store, sequence in its tenant's stream, decoded payload. */
public record StoredEvent(long position, String eventId, long sequence, Instant recordedAt, String type, Object payload) {
}

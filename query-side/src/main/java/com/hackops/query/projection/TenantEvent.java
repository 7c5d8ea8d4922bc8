package com.hackops.query.projection;

import java.time.Instant;
import java.util.UUID;

/**
 * One event of a tenant's stream as it came off Kafka: where it stands in the tenant's stream ({@code sequence})
 * and in the event store ({@code position}), and its decoded payload (a shared-events record).
 */
public record TenantEvent(UUID tenantId, long sequence, long position, String eventId, String type,
                          Instant occurredAt, Object payload) {
}

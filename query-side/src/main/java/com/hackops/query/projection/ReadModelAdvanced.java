package com.hackops.query.projection;

import java.util.UUID;

/**
 * The read models of {@code tenantId} now show {@code version} (the sequence of the tenant's last applied event).
 * Published inside the projection's transaction, so {@code @TransactionalEventListener}s hear it only once the
 * change is committed and readable. Rebuilds do not announce anything: they fill a generation nobody reads yet.
 */
public record ReadModelAdvanced(UUID tenantId, long version) {
}

package com.hackops.query.projection.tenant;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A tenant as dashboards show it; {@code version} is the last event of the tenant the read models applied. */
public record TenantSummaryView(UUID tenantId, String name, String slug, String status, String plan,
                                List<String> features, Instant createdAt, Instant updatedAt, long version) {
}

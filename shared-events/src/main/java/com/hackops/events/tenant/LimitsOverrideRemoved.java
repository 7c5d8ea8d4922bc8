package com.hackops.events.tenant;

import com.hackops.events.types.Metric;
import com.hackops.events.types.TenantId;
import org.axonframework.serialization.Revision;

import java.util.Set;

/**
 * The negotiated limits and features are gone: the plan's grant applies again. {@code overLimit}: metrics the
 * plan does not cover (a forced removal).
 */
@Revision("1")
public record LimitsOverrideRemoved(TenantId tenantId, Set<Metric> overLimit, String reason, String removedBy) {
}

package com.hackops.events.usage;

import com.hackops.events.types.Metric;
import com.hackops.events.types.TenantId;
import org.axonframework.serialization.Revision;

/**
 * A metric's usage is above its limit (after a forced downgrade): increments are refused, decrements
 * allowed, until {@link UsageOverLimitCleared}.
 */
@Revision("1")
public record UsageOverLimitEntered(TenantId tenantId, Metric metric, long used, long limit) {
}

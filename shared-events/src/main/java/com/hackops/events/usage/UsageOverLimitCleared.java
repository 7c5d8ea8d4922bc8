package com.hackops.events.usage;

import com.hackops.events.types.Metric;
import com.hackops.events.types.TenantId;
import org.axonframework.serialization.Revision;

/**
 * A metric that was over its limit is within it again (by decrements or a larger limit).
 */
@Revision("1")
public record UsageOverLimitCleared(TenantId tenantId, Metric metric, long used, long limit) {
}

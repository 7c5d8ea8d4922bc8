package com.hackops.events.usage;

import com.hackops.events.types.Metric;
import com.hackops.events.types.TenantId;
import org.axonframework.serialization.Revision;

/**
 * A metric rose across 80 % or 100 % of its limit ({@code percent} is 80 or 100).
 */
@Revision("1")
public record UsageThresholdCrossed(TenantId tenantId, Metric metric, int percent, long used, long limit) {
}

package com.hackops.command.tenant;

import com.hackops.events.types.Feature;
import com.hackops.events.types.Metric;
import com.hackops.events.types.TenantId;
import com.hackops.platform.security.Caller;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/** Negotiated limits and features for one tenant (platform admins). Lowering a limit below usage is refused
 * unless {@code allowOverLimit}. */
public record OverrideLimits(@TargetAggregateIdentifier TenantId tenantId, Map<Metric, Long> limits, Map<Feature, Boolean> features, String reason,
                             boolean allowOverLimit, Caller caller) {
}

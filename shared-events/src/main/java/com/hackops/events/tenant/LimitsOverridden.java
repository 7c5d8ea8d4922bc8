package com.hackops.events.tenant;

import com.hackops.events.types.Feature;
import com.hackops.events.types.Limits;
import com.hackops.events.types.Metric;
import com.hackops.events.types.TenantId;
import org.axonframework.serialization.Revision;

import java.util.Map;
import java.util.Set;

/**
 * A platform admin negotiated limits or features for this tenant: each given metric's limit replaces the
 * plan's, each given feature is granted ({@code true}) or withdrawn ({@code false}) whatever the plan says, until
 * {@link LimitsOverrideRemoved}. The effective limits are the plan's grant overlaid with these
 * ({@link Limits#overriddenBy}). {@code overLimit}: metrics the new limits no longer cover (a forced lowering).
 */
@Revision("1")
public record LimitsOverridden(TenantId tenantId, Map<Metric, Long> limits, Map<Feature, Boolean> features, Set<Metric> overLimit,
                                String reason, String overriddenBy) {
}

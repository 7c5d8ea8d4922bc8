package com.hackops.command.tenant;

import com.hackops.events.types.Plan;
import com.hackops.events.types.TenantId;
import com.hackops.platform.security.Caller;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Change plan at {@code effectiveAt} (OWNER), with the downgrade rule applied then. */
public record SchedulePlanChange(@TargetAggregateIdentifier TenantId tenantId, Plan plan, boolean allowOverLimit, Instant effectiveAt, Caller caller) {
}

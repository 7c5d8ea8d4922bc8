package com.hackops.command.tenant;

import com.hackops.command.security.Caller;
import com.hackops.events.types.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Back to the plan's grant; refused when usage exceeds it, unless {@code allowOverLimit}. */
public record RemoveOverride(@TargetAggregateIdentifier TenantId tenantId, String reason, boolean allowOverLimit, Caller caller) {
}

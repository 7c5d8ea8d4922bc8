package com.hackops.command.tenant;

import com.hackops.events.types.TenantId;
import com.hackops.platform.security.Caller;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Back to the plan's grant; refused when usage exceeds it, unless {@code allowOverLimit}. */
public record RemoveOverride(@TargetAggregateIdentifier TenantId tenantId, String reason, boolean allowOverLimit, Caller caller) {
}

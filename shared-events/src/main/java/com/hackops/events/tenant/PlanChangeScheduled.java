package com.hackops.events.tenant;

import com.hackops.events.types.Plan;
import com.hackops.events.types.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A plan change will be applied at {@code effectiveAt} (e.g. the end of the billing period), with the normal
 * downgrade rule at that moment. A new schedule replaces a pending one.
 */
@Revision("1")
public record PlanChangeScheduled(TenantId tenantId, String scheduleId, Plan plan, boolean allowOverLimit, Instant effectiveAt,
                                  String scheduledBy) {
}

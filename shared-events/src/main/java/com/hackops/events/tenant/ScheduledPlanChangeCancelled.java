package com.hackops.events.tenant;

import com.hackops.events.types.TenantId;
import org.axonframework.serialization.Revision;

/**
 * A pending scheduled plan change was withdrawn (by a person, or replaced by a newer schedule).
 */
@Revision("1")
public record ScheduledPlanChangeCancelled(TenantId tenantId, String scheduleId, String cancelledBy) {
}

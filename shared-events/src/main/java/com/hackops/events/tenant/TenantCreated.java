package com.hackops.events.tenant;

import com.hackops.events.types.Feature;
import com.hackops.events.types.Limits;
import com.hackops.events.types.Plan;
import com.hackops.events.types.TenantId;
import org.axonframework.serialization.Revision;

import java.util.Set;

/**
 * A tenant was created; its creator became its first OWNER (see {@code MemberAdded}).
 */
@Revision("1")
public record TenantCreated(TenantId tenantId, String name, String slug, Plan plan, Limits limits, Set<Feature> features, String createdBy) {
}

package com.hackops.events.tenant;

import com.hackops.events.types.Feature;
import com.hackops.events.types.Limits;
import com.hackops.events.types.Plan;
import com.hackops.events.types.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Set;

/**
 * A tenant that already existed elsewhere was adopted by the platform: it counts as created, with its original
 * creation date ({@code createdAt}) rather than the moment of the import. {@code source} and {@code externalId} name
 * the exported row it came from (an import never adopts the same row twice). Its members follow as
 * {@code MemberAdded}, its usage at the import as one {@code UsageTracked}.
 */
@Revision("1")
public record TenantImported(TenantId tenantId, String name, String slug, Plan plan, Limits limits, Set<Feature> features,
                             Instant createdAt, String source, String externalId, String importedBy) {
}

package com.hackops.command.imports;

import com.hackops.events.types.Plan;
import com.hackops.events.types.TenantId;
import com.hackops.command.usage.UsageItem;
import com.hackops.platform.security.Caller;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * Adopt a tenant from another system's export (platform admins): created on {@code plan} with its original
 * {@code createdAt}, its members, and its current usage ({@code usage}: one item per metric, the delta being the
 * value, none for a metric at zero). {@code source}/{@code externalId} name the exported row; a row is imported once.
 */
public record ImportTenant(@TargetAggregateIdentifier TenantId tenantId, String name, String slug, Plan plan,
                           Instant createdAt, String source, String externalId, List<ImportedMember> members,
                           List<UsageItem> usage, Caller caller) {
}

package com.hackops.command.usage;

import com.hackops.command.eventstore.GroupCommitted;
import com.hackops.events.types.TenantId;
import com.hackops.platform.security.Caller;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Report usage. {@code single} calls are refused as a whole (409) when their item is refused; batch
 * calls get an outcome per item. {@code idempotency} is {@code null} when the client sent no key. Reports for many
 * tenants are committed together under load ({@link GroupCommitted}). */
public record TrackUsage(@TargetAggregateIdentifier TenantId tenantId, List<UsageItem> items, boolean single, IdempotencyKey idempotency,
                         Caller caller) implements GroupCommitted {
}

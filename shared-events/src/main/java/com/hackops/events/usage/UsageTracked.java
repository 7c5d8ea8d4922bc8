package com.hackops.events.usage;

import com.hackops.events.types.TenantId;
import org.axonframework.serialization.Revision;

import java.util.List;

/**
 * Usage changed. One event carries every accepted item of one call (a batch is one event), in order;
 * each {@link UsageChange} holds the applied delta and the value after it.
 */
@Revision("1")
public record UsageTracked(TenantId tenantId, List<UsageChange> changes, String trackedBy) {

    /** The most changes one event carries: one call's batch. Readers of the store size their buffers by it. */
    public static final int MAX_CHANGES = 1_000;
}

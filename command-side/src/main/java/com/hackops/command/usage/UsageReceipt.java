package com.hackops.command.usage;

import java.util.List;

/**
 * The answer to a usage call: one outcome per item, in order, and the tenant's version after it.
 * {@code replayed} is true when the answer is the stored one of an earlier call with the same idempotency key.
 */
public record UsageReceipt(List<ItemOutcome> items, long version, boolean replayed) {

    public UsageReceipt asReplay() {
        return new UsageReceipt(items, version, true);
    }
}

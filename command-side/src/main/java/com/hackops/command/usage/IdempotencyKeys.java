package com.hackops.command.usage;

import com.hackops.events.types.TenantId;

import java.util.Optional;

/**
 * Remembers the usage calls made with an idempotency key, per tenant. Both methods run in the transaction that
 * appends the call's event, so a key is recorded exactly when its usage is.
 */
public interface IdempotencyKeys {

    /**
     * Claims the key for this request, or returns the receipt of the earlier call that used it.
     *
     * @throws com.hackops.command.rejection.Rejection of kind IDEMPOTENCY_MISMATCH when the key came with another body
     */
    Optional<UsageReceipt> claim(TenantId tenantId, IdempotencyKey key);

    /** Records the receipt of the call that claimed the key. */
    void complete(TenantId tenantId, IdempotencyKey key, UsageReceipt receipt);

    /**
     * Gives up a key this call claimed and then refused: the client may retry the call with it. (The refusal's
     * rollback would undo the claim too, but a refused call committed together with others is not rolled back.)
     */
    void release(TenantId tenantId, IdempotencyKey key);
}

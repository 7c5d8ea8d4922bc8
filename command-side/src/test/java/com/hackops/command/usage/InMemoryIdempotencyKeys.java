package com.hackops.command.usage;

import com.hackops.command.rejection.RejectionKind;
import com.hackops.command.rejection.Rejections;
import com.hackops.events.types.TenantId;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link IdempotencyKeys} in a map, behaving like {@code JdbcIdempotencyKeys}: the same key with the same request
 * hash returns the stored receipt, with another hash it is an IDEMPOTENCY_MISMATCH. A claim made by a command
 * that is then refused is forgotten, as the database transaction would roll it back.
 */
public final class InMemoryIdempotencyKeys implements IdempotencyKeys {

    private record Slot(TenantId tenantId, String key) {
    }

    private record Entry(String requestHash, UsageReceipt receipt) {
    }

    private final Map<Slot, Entry> entries = new HashMap<>();

    @Override
    public Optional<UsageReceipt> claim(TenantId tenantId, IdempotencyKey key) {
        Slot slot = new Slot(tenantId, key.key());
        Entry earlier = entries.get(slot);
        if (earlier == null) {
            entries.put(slot, new Entry(key.requestHash(), null));
            CurrentUnitOfWork.ifStarted(unitOfWork -> unitOfWork.onRollback(rolledBack -> entries.remove(slot)));
            return Optional.empty();
        }
        if (!earlier.requestHash().equals(key.requestHash())) {
            throw Rejections.of(RejectionKind.IDEMPOTENCY_MISMATCH,
                    "This Idempotency-Key was used with a different request.");
        }
        return Optional.of(earlier.receipt());
    }

    @Override
    public void complete(TenantId tenantId, IdempotencyKey key, UsageReceipt receipt) {
        entries.put(new Slot(tenantId, key.key()), new Entry(key.requestHash(), receipt));
    }

    @Override
    public void release(TenantId tenantId, IdempotencyKey key) {
        entries.computeIfPresent(new Slot(tenantId, key.key()), (slot, entry) -> entry.receipt() == null ? null : entry);
    }

    /** Test setup: an earlier call with this key was answered with {@code receipt}. */
    public void remember(TenantId tenantId, IdempotencyKey key, UsageReceipt receipt) {
        complete(tenantId, key, receipt);
    }
}

package com.hackops.command.personaldata;

import com.hackops.events.personaldata.PersonalData;
import com.hackops.events.personaldata.SealedPersonalData;
import com.hackops.events.types.TenantId;

/**
 * The per-person keys of crypto-shredding, kept outside the event store: one key per person and tenant until the
 * person is erased. The aggregate's handlers receive it like {@code SlugRegistry}; it writes in the command's
 * transaction, so a key is created, or deleted, exactly when the event that needs it commits.
 */
public interface PersonKeys {

    /** Seals {@code data} with the person's key, creating the key when they have none (new, or erased before). */
    SealedPersonalData seal(TenantId tenantId, String userId, PersonalData data);

    /** Deletes the person's key: everything sealed with it can no longer be read. */
    void erase(TenantId tenantId, String userId);
}

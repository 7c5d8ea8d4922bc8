package com.hackops.query.personaldata;

import com.hackops.events.personaldata.PersonKey;
import com.hackops.events.personaldata.PersonalData;
import com.hackops.events.personaldata.SealedPersonalData;
import com.hackops.events.types.TenantId;
import com.hackops.query.audit.EventStoreReader;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * Opens the personal data events carry sealed, with the person's key read from the command side's {@code person_key}
 * through the read-only event-store connection (role hackops_audit), at the moment it is needed and never copied.
 * Without a key — the person was erased, or the event predates sealing — it is {@link PersonalData#ERASED_DATA}:
 * a replay after an erasure ends with the placeholder like the live projection did.
 */
@Component
public class PersonalDataOpener {

    private final EventStoreReader store;

    PersonalDataOpener(EventStoreReader store) {
        this.store = store;
    }

    /**
     * @throws IllegalArgumentException when the key exists but does not open the data (altered, or moved to another
     *                                  person): an error to look into, never shown as somebody's data
     */
    public PersonalData open(UUID tenantId, String userId, SealedPersonalData sealed) {
        if (sealed == null) {
            return PersonalData.ERASED_DATA;
        }
        return store.commandDatabase()
                .query("SELECT key FROM person_key WHERE key_id = ?", (rs, i) -> rs.getBytes(1), sealed.keyId())
                .stream().findFirst()
                .map(key -> PersonKey.of(sealed.keyId(), key).open(sealed, new TenantId(tenantId), userId))
                .orElse(PersonalData.ERASED_DATA);
    }
}

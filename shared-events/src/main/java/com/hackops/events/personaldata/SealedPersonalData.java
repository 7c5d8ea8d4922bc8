package com.hackops.events.personaldata;

import java.util.Objects;
import java.util.UUID;

/**
 * A person's {@link PersonalData} as events carry it: encrypted with the person's key {@code keyId}, which is kept
 * outside the event store. {@code ciphertext} is the base64 of nonce (12 bytes) ‖ AES-256-GCM ciphertext ‖ tag
 * (16 bytes), bound to the tenant and the user (see {@link PersonKey}). Once the key is deleted (the person was
 * erased) nobody can read it again: the event stays, the data is gone.
 */
public record SealedPersonalData(UUID keyId, String ciphertext) {

    public SealedPersonalData {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(ciphertext, "ciphertext");
    }
}

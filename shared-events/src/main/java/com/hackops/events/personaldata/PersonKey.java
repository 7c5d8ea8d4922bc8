package com.hackops.events.personaldata;

import com.hackops.events.types.TenantId;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

/**
 * One person's key in one tenant (crypto-shredding): 32 random bytes for AES-256-GCM, kept outside the event store
 * (the command side's {@code person_key} table) and deleted when the person is erased. Plain JDK cryptography.
 * <p>
 * Each seal draws a fresh 96-bit nonce. The associated data binds the ciphertext to the key id, the tenant and the
 * user, so sealed data moved to another person's event, or another tenant's, no longer opens.
 */
public final class PersonKey {

    /** Key length in bytes (AES-256). */
    public static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UUID id;
    private final SecretKeySpec secret;

    private PersonKey(UUID id, byte[] secret) {
        this.id = Objects.requireNonNull(id, "key id");
        if (secret == null || secret.length != KEY_BYTES) {
            throw new IllegalArgumentException("a person key has " + KEY_BYTES + " bytes");
        }
        this.secret = new SecretKeySpec(secret, "AES");
    }

    /** A new key with a random id. */
    public static PersonKey generate() {
        byte[] secret = new byte[KEY_BYTES];
        RANDOM.nextBytes(secret);
        return new PersonKey(UUID.randomUUID(), secret);
    }

    /** A stored key. */
    public static PersonKey of(UUID id, byte[] secret) {
        return new PersonKey(id, secret);
    }

    public UUID id() {
        return id;
    }

    /** The key's bytes, to store it. */
    public byte[] secret() {
        return secret.getEncoded();
    }

    public SealedPersonalData seal(TenantId tenantId, String userId, PersonalData data) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, tenantId, userId);
            byte[] sealed = cipher.doFinal(data.encode());
            byte[] out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
            return new SealedPersonalData(id, Base64.getEncoder().encodeToString(out));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The personal data sealed for {@code userId} of {@code tenantId} with this key.
     *
     * @throws IllegalArgumentException when it was sealed with another key, for another person or tenant, or was
     *                                  altered
     */
    public PersonalData open(SealedPersonalData sealed, TenantId tenantId, String userId) {
        if (!id.equals(sealed.keyId())) {
            throw new IllegalArgumentException("sealed with key " + sealed.keyId() + ", not " + id);
        }
        byte[] in;
        try {
            in = Base64.getDecoder().decode(sealed.ciphertext());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sealed personal data is not base64", e);
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("sealed personal data is too short");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(in, NONCE_BYTES), tenantId, userId);
            return PersonalData.decode(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES));
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("sealed personal data does not open: another person, tenant or key, "
                    + "or altered", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, TenantId tenantId, String userId) throws GeneralSecurityException {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(userId, "userId");
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, secret, new GCMParameterSpec(TAG_BITS, nonce));
        // the tenant id is a UUID of fixed length, so "tenant|user" names exactly one (tenant, user)
        cipher.updateAAD(("hackops:personal-data:v1|" + id + "|" + tenantId + "|" + userId)
                .getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    @Override
    public String toString() {
        return "PersonKey[" + id + "]";
    }
}

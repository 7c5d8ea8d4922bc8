package com.hackops.events.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The format of API key secrets, shared by the side that issues them (command side) and both sides that check them.
 * A secret is {@code hk_} followed by 32 random bytes in unpadded base64url (46 characters in all). Only its SHA-256
 * is stored: with 256 random bits a fast hash is enough (no dictionary to guess from), and a request costs one
 * indexed look-up instead of a deliberately slow password hash.
 */
public final class ApiKeySecrets {

    /** Every secret starts with it; a bearer value with it is an API key, not a JWT. */
    public static final String PREFIX = "hk_";
    /** Characters of a secret shown in lists, so a person recognises a key without seeing it. */
    public static final int SHOWN = PREFIX.length() + 8;
    private static final int LENGTH = PREFIX.length() + 43;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecrets() {
    }

    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code value} has the shape of a secret (not whether it is valid). */
    public static boolean looksLikeSecret(String value) {
        return value != null && value.startsWith(PREFIX) && value.length() == LENGTH
                && value.chars().skip(PREFIX.length()).allMatch(ApiKeySecrets::base64url);
    }

    public static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    public static String shownPart(String secret) {
        return secret.substring(0, SHOWN);
    }

    private static boolean base64url(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }
}

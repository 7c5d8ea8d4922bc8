package com.hackops.query.webhooks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * How a delivery is signed, so its receiver can tell it comes from the platform and was not replayed much later:
 * {@code Hackops-Webhook-Signature: v1=<hex of HMAC-SHA256(secret, "<timestamp>.<body>")>}, where the key is the
 * endpoint's secret (its UTF-8 bytes, as shown at registration) and timestamp the {@code Hackops-Webhook-Timestamp}
 * header (Unix seconds of the attempt). README, "Threshold webhooks", shows a receiver's check.
 */
public final class WebhookSignature {

    public static final String ID = "Hackops-Webhook-Id";
    public static final String EVENT = "Hackops-Webhook-Event";
    public static final String TIMESTAMP = "Hackops-Webhook-Timestamp";
    public static final String SIGNATURE = "Hackops-Webhook-Signature";
    private static final String SECRET_PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    /** The signature header value of {@code body} sent at {@code timestamp}. */
    public static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** A new endpoint secret: 256 random bits. */
    static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }
}

package com.hackops.e2e.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Tokens an attacker could make for a user: unsigned, signed with the wrong key or algorithm, confused between
 * HMAC and RSA, outside their validity, for another issuer or audience, without a subject or expiry, tampered,
 * truncated, or with key-selection headers (kid, jwk, jku) pointing where the attacker wants. Every one must be
 * refused with 401 by both services, which accept HS256 with the shared secret only.
 */
public final class ForgedTokens {

    /** The local development secret both services default to (infra/token's): "with the right secret" means this. */
    private static final String SECRET = "hackops-local-development-secret-change-me-0123456789";
    private static final String ISSUER = "hackops-local";
    private static final String AUDIENCE = "hackops";
    private static final KeyPair ATTACKER = rsaKeys();

    private ForgedTokens() {
    }

    /** Name of the forgery → token, for a caller who would be {@code userId}; each would make them a platform admin. */
    public static Map<String, String> of(String userId) {
        Map<String, String> forged = new LinkedHashMap<>();
        String valid = Tokens.user(userId);
        String[] parts = valid.split("\\.");
        forged.put("alg none", unsigned("none", claims(userId, c -> c).build()));
        forged.put("alg None (case variant)", unsigned("None", claims(userId, c -> c).build()));
        forged.put("HS256 with another secret", hmac(JWSAlgorithm.HS256, "an-attackers-own-secret-of-at-least-32-bytes!",
                claims(userId, c -> c).build(), h -> h));
        forged.put("RS256 with the attacker's key (HS/RS confusion)", rsa(claims(userId, c -> c).build(), h -> h));
        forged.put("HS256 keyed with an RSA public key (HS/RS confusion)", hmacWithKey(ATTACKER.getPublic().getEncoded(),
                claims(userId, c -> c).build()));
        forged.put("RS256 with the attacker's key embedded as jwk", rsa(claims(userId, c -> c).build(),
                h -> h.jwk(new RSAKey.Builder((RSAPublicKey) ATTACKER.getPublic()).build())));
        forged.put("RS256 with jku pointing at the attacker", rsa(claims(userId, c -> c).build(),
                h -> h.jwkURL(URI.create("http://127.0.0.1:9/attacker-keys.json"))));
        forged.put("kid path injection, signed with an all-zero key", hmac(JWSAlgorithm.HS256, new String(new byte[32],
                StandardCharsets.ISO_8859_1), claims(userId, c -> c).build(), h -> h.keyID("../../../../../../dev/null")));
        forged.put("kid SQL injection", hmac(JWSAlgorithm.HS256, "' UNION SELECT 'attacker-secret-32-bytes-long!' --",
                claims(userId, c -> c).build(), h -> h.keyID("' UNION SELECT 'attacker-secret-32-bytes-long!' --")));
        forged.put("HS512 with the right secret", rawHmac("HS512", "HmacSHA512", claims(userId, c -> c).build()));
        forged.put("HS384 with the right secret", hmac(JWSAlgorithm.HS384, SECRET, claims(userId, c -> c).build(), h -> h));
        forged.put("expired", signed(claims(userId, c -> c.issueTime(at(-7200)).notBeforeTime(at(-7200))
                .expirationTime(at(-3600)))));
        forged.put("not yet valid", signed(claims(userId, c -> c.notBeforeTime(at(3600)).expirationTime(at(7200)))));
        forged.put("no expiry", signed(claims(userId, c -> c.expirationTime(null))));
        forged.put("wrong issuer", signed(claims(userId, c -> c.issuer("https://attacker.example"))));
        forged.put("wrong audience", signed(claims(userId, c -> c.audience("another-service"))));
        forged.put("no audience", signed(claims(userId, c -> c.audience((String) null))));
        forged.put("no subject", signed(claims(userId, c -> c.subject(null))));
        forged.put("blank subject", signed(claims(userId, c -> c.subject(" "))));
        forged.put("tampered payload (signature of the original)", parts[0] + "."
                + Base64URL.encode(claims(userId, c -> c).build().toString()) + "." + parts[2]);
        forged.put("empty signature", parts[0] + "." + parts[1] + ".");
        forged.put("header only", parts[0]);
        forged.put("header and payload, no signature part", parts[0] + "." + parts[1]);
        forged.put("signature of another user's token", signedPayloadOf(claims(userId, c -> c).build(), Tokens.user("someone")));
        forged.put("not a JWT", "not-a-jwt");
        forged.put("garbage segments", "%%%.%%%.%%%");
        return forged;
    }

    /** The attacker's wish: every token claims platform admin, so one accepted forgery would open everything. */
    private static JWTClaimsSet.Builder claims(String userId, UnaryOperator<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        return change.apply(new JWTClaimsSet.Builder().subject(userId).issuer(ISSUER).audience(AUDIENCE)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)))
                .claim("platform_admin", true));
    }

    private static Date at(long secondsFromNow) {
        return Date.from(Instant.now().plusSeconds(secondsFromNow));
    }

    private static String signed(JWTClaimsSet.Builder claims) {
        return hmac(JWSAlgorithm.HS256, SECRET, claims.build(), h -> h);
    }

    private static String unsigned(String alg, JWTClaimsSet claims) {
        String header = Base64URL.encode("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").toString();
        return header + "." + Base64URL.encode(claims.toString()) + ".";
    }

    private static String hmac(JWSAlgorithm algorithm, String secret, JWTClaimsSet claims,
                               UnaryOperator<JWSHeader.Builder> header) {
        return sign(header.apply(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT)).build(), claims,
                macSigner(secret.getBytes(StandardCharsets.UTF_8)));
    }

    private static String hmacWithKey(byte[] key, JWTClaimsSet claims) {
        return sign(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims, macSigner(key));
    }

    private static String rsa(JWTClaimsSet claims, UnaryOperator<JWSHeader.Builder> header) {
        return sign(header.apply(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)).build(), claims,
                new RSASSASigner((RSAPrivateKey) ATTACKER.getPrivate()));
    }

    /**
     * Signed with the right secret by hand: Nimbus refuses to sign HS512 with a secret shorter than 64 bytes, but an
     * attacker who knows the secret would not ask it.
     */
    private static String rawHmac(String alg, String javaAlgorithm, JWTClaimsSet claims) {
        String input = Base64URL.encode("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "." + Base64URL.encode(claims.toString());
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance(javaAlgorithm);
            mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), javaAlgorithm));
            return input + "." + Base64URL.encode(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The attacker's header and payload with the signature of a genuine token. */
    private static String signedPayloadOf(JWTClaimsSet claims, String genuine) {
        String[] parts = genuine.split("\\.");
        return parts[0] + "." + Base64URL.encode(claims.toString()) + "." + parts[2];
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWSSigner macSigner(byte[] key) {
        try {
            return new MACSigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

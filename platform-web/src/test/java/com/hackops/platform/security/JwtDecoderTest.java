package com.hackops.platform.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.io.InputStream;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The accepted algorithm is configured, not guessed: each mode accepts its own algorithm only, and a configuration
 * that mixes them, names another algorithm or lacks issuer or audience does not start.
 */
class JwtDecoderTest {

    private static final String ISSUER = "hackops-local";
    private static final String AUDIENCE = "hackops";
    /** Nothing listens there: an RS256 decoder that tried to fetch keys would fail, not accept. */
    private static final String JWKS = "http://127.0.0.1:9/jwks.json";
    private static final JwtProperties HS256 = new JwtProperties("HS256", Tokens.SECRET, null, ISSUER, AUDIENCE);

    @Test
    void hs256_mode_accepts_hs256_with_the_secret_and_refuses_rs256() throws Exception {
        JwtDecoder decoder = BearerTokens.decoder(HS256);
        assertThat(decoder.decode(Tokens.user("alice")).getSubject()).isEqualTo("alice");

        SignedJWT rs256 = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), Tokens.claims("alice").build());
        rs256.sign(new RSASSASigner((RSAPrivateKey) rsaKeys().getPrivate()));
        assertThatThrownBy(() -> decoder.decode(rs256.serialize())).isInstanceOf(JwtException.class);
    }

    @Test
    void the_issuer_is_kept_as_a_name_and_still_required_to_match() {
        JwtDecoder decoder = BearerTokens.decoder(HS256);
        assertThat(decoder.decode(Tokens.user("alice")).getClaimAsString("iss")).isEqualTo(ISSUER);
        assertThatThrownBy(() -> decoder.decode(Tokens.sign(Tokens.claims("alice").issuer("https://elsewhere").build())))
                .isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode(Tokens.sign(Tokens.claims("alice").issuer(null).build())))
                .isInstanceOf(JwtException.class);
    }

    @Test
    void a_remembered_token_is_its_exact_text_a_changed_signature_is_checked_and_refused() {
        JwtDecoder decoder = BearerTokens.decoder(HS256);
        String token = Tokens.user("alice");
        assertThat(decoder.decode(token)).isEqualTo(decoder.decode(token));
        String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        assertThatThrownBy(() -> decoder.decode(forged)).isInstanceOf(JwtException.class);
    }

    @Test
    void a_remembered_token_is_refused_once_it_has_expired() {
        Instant now = Instant.now();
        for (boolean notBefore : new boolean[]{true, false}) {
            AtomicReference<Instant> time = new AtomicReference<>(now);
            JwtDecoder decoder = BearerTokens.decoder(HS256, clockAt(time));
            JWTClaimsSet.Builder claims = Tokens.claims("alice").expirationTime(Date.from(now.plusSeconds(120)));
            String token = Tokens.sign((notBefore ? claims : claims.notBeforeTime(null)).build());
            assertThat(decoder.decode(token).getNotBefore() != null).isEqualTo(notBefore);

            time.set(now.plusSeconds(170)); // past its expiry, within the 60 s allowed for clock skew
            assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
            time.set(now.plusSeconds(190)); // past the skew too: the remembered token is checked again and refused
            assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
        }
    }

    @Test
    void a_remembered_token_is_refused_before_its_not_before_when_the_clock_goes_back() {
        Instant now = Instant.now();
        AtomicReference<Instant> time = new AtomicReference<>(now);
        JwtDecoder decoder = BearerTokens.decoder(HS256, clockAt(time));
        String token = Tokens.sign(Tokens.claims("alice").notBeforeTime(Date.from(now.minusSeconds(10))).build());
        assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");

        time.set(now.minusSeconds(65)); // 55 s before its not-before: within the skew
        assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
        time.set(now.minusSeconds(80)); // 70 s before it: the remembered token is refused, as a fresh one would be
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
    }

    @Test
    void a_remembered_certificate_bound_token_is_checked_against_each_requests_certificate() throws Exception {
        X509Certificate certificate;
        try (InputStream pem = getClass().getResourceAsStream("/client-certificate.pem")) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(pem);
        }
        String thumbprint = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        JwtDecoder decoder = BearerTokens.decoder(HS256);
        String token = Tokens.sign(Tokens.claims("alice").claim("cnf", Map.of("x5t#S256", thumbprint)).build());
        try {
            MockHttpServletRequest withCertificate = new MockHttpServletRequest();
            withCertificate.setAttribute("jakarta.servlet.request.X509Certificate", new X509Certificate[]{certificate});
            RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(withCertificate));
            assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
            assertThat(decoder.decode(token).getSubject()).isEqualTo("alice"); // remembered

            RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
            assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class); // no certificate
        } finally {
            RequestContextHolder.resetRequestAttributes();
        }
    }

    private static Clock clockAt(AtomicReference<Instant> time) {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return time.get();
            }
        };
    }

    @Test
    void rs256_mode_refuses_hs256_even_when_keyed_with_what_a_client_could_know() throws Exception {
        JwtDecoder decoder = BearerTokens.decoder(new JwtProperties("RS256", Tokens.SECRET, JWKS, ISSUER, AUDIENCE));
        // the classic confusion: an HS256 token keyed with public material (here the RSA public key's encoding)
        KeyPair keys = rsaKeys();
        for (byte[] key : new byte[][] {keys.getPublic().getEncoded(), Tokens.SECRET.getBytes()}) {
            SignedJWT hs256 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), Tokens.claims("mallory").build());
            hs256.sign(new MACSigner(key));
            assertThatThrownBy(() -> decoder.decode(hs256.serialize())).isInstanceOf(JwtException.class);
        }
    }

    @Test
    void a_mixed_or_incomplete_configuration_does_not_start() {
        assertThatThrownBy(() -> BearerTokens.decoder(new JwtProperties("HS256", Tokens.SECRET, JWKS, ISSUER, AUDIENCE)))
                .hasMessageContaining("RS256");
        assertThatThrownBy(() -> BearerTokens.decoder(new JwtProperties("RS256", Tokens.SECRET, null, ISSUER, AUDIENCE)))
                .hasMessageContaining("jwk-set-uri");
        assertThatThrownBy(() -> BearerTokens.decoder(new JwtProperties("HS512", Tokens.SECRET, null, ISSUER, AUDIENCE)))
                .hasMessageContaining("HS256 or RS256");
        assertThatThrownBy(() -> BearerTokens.decoder(new JwtProperties(null, Tokens.SECRET, null, ISSUER, AUDIENCE)))
                .hasMessageContaining("HS256 or RS256");
        assertThatThrownBy(() -> BearerTokens.decoder(new JwtProperties("HS256", "too-short", null, ISSUER, AUDIENCE)))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> BearerTokens.decoder(new JwtProperties("HS256", Tokens.SECRET, null, " ", AUDIENCE)))
                .hasMessageContaining("issuer");
        assertThatThrownBy(() -> BearerTokens.decoder(new JwtProperties("HS256", Tokens.SECRET, null, ISSUER, null)))
                .hasMessageContaining("audience");
    }

    static KeyPair rsaKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }
}

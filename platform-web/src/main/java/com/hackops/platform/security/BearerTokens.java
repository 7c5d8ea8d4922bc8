package com.hackops.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** How both services verify a bearer token: one configured algorithm, required claims, verified tokens remembered. */
public final class BearerTokens {

    /** How far a token's expiry and not-before may be off the clock (Spring's default, stated for the cache too). */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    /** The claim that binds a token to a client certificate (RFC 8705), checked against each request's certificate. */
    private static final String CONFIRMATION = "cnf";

    private BearerTokens() {
    }

    /**
     * Accepts exactly one signature algorithm, named in {@code hackops.security.jwt.algorithm}: HS256 with the shared
     * secret, or RS256 with the keys of {@code jwk-set-uri}. Tokens of any other algorithm (none, HS512, RS256 where
     * HS256 is configured, …) are refused before their signature is looked at. Issuer, audience, subject and an
     * expiry are required of every token. A configuration that mixes the modes or lacks a setting does not start.
     */
    public static JwtDecoder decoder(JwtProperties properties) {
        return decoder(properties, Clock.systemUTC());
    }

    /** {@link #decoder(JwtProperties)}, checking expiry and not-before against {@code clock}. */
    static JwtDecoder decoder(JwtProperties properties, Clock clock) {
        if (blank(properties.issuer()) || blank(properties.audience())) {
            throw new IllegalStateException("hackops.security.jwt.issuer and .audience must be set");
        }
        NimbusJwtDecoder decoder = switch (String.valueOf(properties.algorithm())) {
            case "HS256" -> {
                if (!blank(properties.jwkSetUri())) {
                    throw new IllegalStateException("hackops.security.jwt.jwk-set-uri needs algorithm RS256, not HS256");
                }
                byte[] secret = properties.secret() == null ? new byte[0] : properties.secret().getBytes(StandardCharsets.UTF_8);
                if (secret.length < 32) {
                    throw new IllegalStateException("hackops.security.jwt.secret must be at least 32 bytes");
                }
                yield NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
                        .macAlgorithm(MacAlgorithm.HS256).build();
            }
            case "RS256" -> {
                if (blank(properties.jwkSetUri())) {
                    throw new IllegalStateException("algorithm RS256 needs hackops.security.jwt.jwk-set-uri");
                }
                yield NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri()).jwsAlgorithm(SignatureAlgorithm.RS256).build();
            }
            default -> throw new IllegalStateException(
                    "hackops.security.jwt.algorithm must be HS256 or RS256, not " + properties.algorithm());
        };
        // the issuer is a name, not a URL: Spring's default claim conversion tries new URL(iss) and throws and catches
        // an exception on every request before it keeps the string (3 % of a dashboard read's CPU, BENCHMARKS.md)
        decoder.setClaimSetConverter(MappedJwtClaimSetConverter.withDefaults(
                Map.of(JwtClaimNames.ISS, (Object iss) -> iss == null ? null : iss.toString())));
        JwtTimestampValidator timestamps = new JwtTimestampValidator(CLOCK_SKEW);
        timestamps.setClock(clock);
        // Spring's defaults (these timestamps, the issuer, a certificate-bound token's thumbprint) and ours
        OAuth2TokenValidator<Jwt> validator = JwtValidators.createDefaultWithValidators(List.of(
                timestamps,
                new JwtIssuerValidator(properties.issuer()),
                audience(properties.audience()),
                BearerTokens::subjectPresent,
                BearerTokens::expiryPresent));
        decoder.setJwtValidator(validator);
        return remembering(decoder, validator, clock);
    }

    /**
     * Verified tokens by their exact text, for 5 minutes at most: a client sends the same token with every call, and
     * parsing and checking its signature was 6 % of an increment's CPU on the request thread (BENCHMARKS.md). What the
     * text says (issuer, audience, subject, an expiry) holds for as long as the text is the same; only the clock can
     * make a verified token invalid, so a remembered one is checked against the window its expiry and not-before give
     * (with the same skew as {@link JwtTimestampValidator}), not validated again in full — running every validator
     * and converting the claims on each use was 2.7 % of the request threads under S2. A certificate-bound token
     * ({@code cnf}) depends on the request's certificate too, and goes through all the validators on every use. One
     * that no longer passes goes through the full decoder, which refuses it.
     */
    private static JwtDecoder remembering(JwtDecoder decoder, OAuth2TokenValidator<Jwt> validator, Clock clock) {
        Cache<String, Verified> verified = Caffeine.newBuilder().maximumSize(10_000)
                .expireAfterWrite(Duration.ofMinutes(5)).build();
        return token -> {
            Verified known = verified.getIfPresent(token);
            if (known != null && known.stillValid(clock.instant(), validator)) {
                return known.jwt();
            }
            Jwt jwt = decoder.decode(token);
            verified.put(token, Verified.of(jwt));
            return jwt;
        };
    }

    /** A decoded, validated token and the clock times it stays valid for (by {@link JwtTimestampValidator}'s rule). */
    private record Verified(Jwt jwt, Instant usableFrom, Instant usableUntil, boolean certificateBound) {

        static Verified of(Jwt jwt) { // validated: its expiry is present (expiryPresent)
            Instant notBefore = jwt.getNotBefore();
            return new Verified(jwt, notBefore == null ? null : notBefore.minus(CLOCK_SKEW),
                    jwt.getExpiresAt().plus(CLOCK_SKEW), jwt.hasClaim(CONFIRMATION));
        }

        boolean stillValid(Instant now, OAuth2TokenValidator<Jwt> validator) {
            if (certificateBound) {
                return !validator.validate(jwt).hasErrors();
            }
            return !now.isAfter(usableUntil) && (usableFrom == null || !now.isBefore(usableFrom));
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** The default timestamp check passes a token without {@code exp}: such a token would never expire. */
    private static OAuth2TokenValidatorResult expiryPresent(Jwt jwt) {
        return jwt.getExpiresAt() != null
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "missing exp", null));
    }

    private static OAuth2TokenValidator<Jwt> audience(String audience) {
        return jwt -> jwt.getAudience() != null && jwt.getAudience().contains(audience)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "wrong audience", null));
    }

    private static OAuth2TokenValidatorResult subjectPresent(Jwt jwt) {
        return jwt.getSubject() != null && !jwt.getSubject().isBlank()
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "missing sub", null));
    }
}

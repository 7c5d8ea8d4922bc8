package com.hackops.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How bearer tokens are verified. {@code algorithm} is the one signature algorithm accepted: {@code HS256} with
 * {@code secret} (at least 32 bytes; local development) or {@code RS256} with the keys at {@code jwkSetUri}
 * (production). Issuer and audience are always checked.
 */
@ConfigurationProperties("hackops.security.jwt")
public record JwtProperties(String algorithm, String secret, String jwkSetUri, String issuer, String audience) {
}

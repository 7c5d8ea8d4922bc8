package com.hackops.query.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How bearer tokens are verified. Locally an HS256 {@code secret} (at least 32 bytes); in production a
 * {@code jwkSetUri} (RS256). Issuer and audience are always checked.
 */
@ConfigurationProperties("hackops.security.jwt")
public record JwtProperties(String secret, String jwkSetUri, String issuer, String audience) {
}

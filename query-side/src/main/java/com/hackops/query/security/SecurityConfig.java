package com.hackops.query.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hackops.platform.security.ApiKeyLookup;
import com.hackops.platform.security.BearerTokens;
import com.hackops.platform.security.EdgeSecurity;
import com.hackops.platform.security.JwtProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

import java.util.List;

/**
 * Bearer-token security of the API. Every endpoint is reachable only as its row in {@link EndpointRules} says (the
 * API with a valid token, the admin API with a platform admin's; health, metrics and the API docs without); anything
 * else is denied. Unauthenticated calls get a 401 problem document. The chain's shape (API keys before JWTs, stateless,
 * problem documents) is {@link EdgeSecurity}'s, the same on both services.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ObjectMapper json, ApiKeyLookup apiKeys,
                                            BearerTokenResolver tokens) throws Exception {
        PathPatternRequestMatcher.Builder get = PathPatternRequestMatcher.withDefaults();
        RequestMatcher keyEndpoints = new OrRequestMatcher(EndpointRules.API_KEY_ENDPOINTS.stream()
                .map(pattern -> (RequestMatcher) get.matcher(HttpMethod.GET, pattern)).toList());
        var keys = new EdgeSecurity.ApiKeys(apiKeys, keyEndpoints,
                "API keys may only read a tenant's profile, usage and plans here; this endpoint needs a person's token.");
        return EdgeSecurity.apply(http, json, keys, tokens, auth -> {
            // exactly the rows of EndpointRules, then deny-all: an endpoint without a row is unreachable
            PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
            for (EndpointRules.Rule rule : EndpointRules.RULES) {
                var matched = auth.requestMatchers(paths.matcher(rule.pattern()));
                switch (rule.access()) {
                    case PUBLIC -> matched.permitAll();
                    case BEARER -> matched.authenticated();
                    case PLATFORM_ADMIN -> matched.hasAuthority(PLATFORM_ADMIN);
                }
            }
            auth.anyRequest().denyAll();
        }, jwt -> jwt.jwtAuthenticationConverter(SecurityConfig::authentication)).build();
    }

    /** The authority of tokens with {@code "platform_admin": true}; the admin endpoints require it. */
    static final String PLATFORM_ADMIN = "PLATFORM_ADMIN";

    private static JwtAuthenticationToken authentication(Jwt jwt) {
        List<GrantedAuthority> authorities = Boolean.TRUE.equals(jwt.getClaimAsBoolean("platform_admin"))
                ? List.of(new SimpleGrantedAuthority(PLATFORM_ADMIN)) : List.of();
        return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
    }

    /** See {@link BearerTokens#decoder}: the same verification on both services. */
    @Bean
    JwtDecoder jwtDecoder(JwtProperties properties) {
        return BearerTokens.decoder(properties);
    }
}

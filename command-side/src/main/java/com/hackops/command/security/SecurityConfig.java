package com.hackops.command.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hackops.platform.security.ApiKeyLookup;
import com.hackops.platform.security.BearerTokens;
import com.hackops.platform.security.EdgeSecurity;
import com.hackops.platform.security.JwtProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Bearer-token security. Every endpoint is reachable only as its row in {@link EndpointRules} says (the API with a
 * valid token; health, metrics and the API docs without); anything else is denied. Unauthenticated calls get a
 * 401 problem document. The chain's shape (API keys before JWTs, stateless, problem documents) is
 * {@link EdgeSecurity}'s, the same on both services.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ObjectMapper json, ApiKeyLookup apiKeys) throws Exception {
        PathPatternRequestMatcher.Builder post = PathPatternRequestMatcher.withDefaults();
        RequestMatcher keyEndpoints = new OrRequestMatcher(EndpointRules.API_KEY_ENDPOINTS.stream()
                .map(pattern -> (RequestMatcher) post.matcher(HttpMethod.POST, pattern)).toList());
        var keys = new EdgeSecurity.ApiKeys(apiKeys, keyEndpoints,
                "API keys may only report usage here; this endpoint needs a person's token.");
        return EdgeSecurity.apply(http, json, keys, EdgeSecurity.headerOnly(), auth -> {
            // exactly the rows of EndpointRules, then deny-all: an endpoint without a row is unreachable
            PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
            for (EndpointRules.Rule rule : EndpointRules.RULES) {
                var matched = auth.requestMatchers(paths.matcher(rule.pattern()));
                switch (rule.access()) {
                    case PUBLIC -> matched.permitAll();
                    case BEARER -> matched.authenticated();
                }
            }
            auth.anyRequest().denyAll();
        }, jwt -> { }).build();
    }

    /** See {@link BearerTokens#decoder}: the same verification on both services. */
    @Bean
    JwtDecoder jwtDecoder(JwtProperties properties) {
        return BearerTokens.decoder(properties);
    }
}

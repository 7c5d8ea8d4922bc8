package com.hackops.query.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hackops.platform.security.ApiKeyAuthenticationFilter;
import com.hackops.platform.security.ApiKeyLookup;
import com.hackops.platform.security.BearerTokens;
import com.hackops.platform.security.JwtProperties;
import com.hackops.platform.web.ProblemTypes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.util.List;

/**
 * Bearer-token security of the API. Every endpoint is reachable only as its row in {@link EndpointRules} says (the
 * API with a valid token, the admin API with a platform admin's; health, metrics and the API docs without); anything
 * else is denied. Unauthenticated calls get a 401 problem document.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ObjectMapper json, ApiKeyLookup apiKeys) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            write(json, response, HttpStatus.UNAUTHORIZED, "unauthorized", "A valid bearer token is required.");
        };
        AccessDeniedHandler denied = (request, response, e) ->
                write(json, response, HttpStatus.FORBIDDEN, "forbidden", "Access denied.");
        PathPatternRequestMatcher.Builder get = PathPatternRequestMatcher.withDefaults();
        RequestMatcher keyEndpoints = new OrRequestMatcher(EndpointRules.API_KEY_ENDPOINTS.stream()
                .map(pattern -> (RequestMatcher) get.matcher(HttpMethod.GET, pattern)).toList());
        var apiKeyFilter = new ApiKeyAuthenticationFilter(apiKeys, keyEndpoints,
                "API keys may only read a tenant's profile, usage and plans here; this endpoint needs a person's token.",
                (response, status, type, detail) -> write(json, response, status, type, detail));
        return http
                .csrf(csrf -> csrf.disable())
                .addFilterBefore(apiKeyFilter, BearerTokenAuthenticationFilter.class)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> {
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
                })
                .oauth2ResourceServer(o -> o.jwt(jwt -> jwt.jwtAuthenticationConverter(SecurityConfig::authentication))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(denied))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(denied))
                .build();
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

    private static void write(ObjectMapper json, jakarta.servlet.http.HttpServletResponse response, HttpStatus status,
                              String type, String detail) throws java.io.IOException {
        ProblemTypes.write(json, response, ProblemTypes.problem(status, type, detail));
    }
}

package com.hackops.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hackops.platform.web.ProblemTypes;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.resource.OAuth2ResourceServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.io.IOException;

/**
 * The filter chain's shape on both services: stateless, no CSRF (bearer tokens only, no cookies), API keys checked
 * before JWTs, and every refusal a problem document — 401 {@code unauthorized} with {@code WWW-Authenticate: Bearer},
 * 403 {@code forbidden}. What each service adds is its endpoint rules (ending in deny-all) and how a JWT becomes an
 * authentication.
 */
public final class EdgeSecurity {

    /** A service's API keys: where to look them up, where they are accepted, and what a key hears elsewhere. */
    public record ApiKeys(ApiKeyLookup lookup, RequestMatcher endpoints, String elsewhere) {
    }

    /** Where the JWT filter finds a token: the header (and, on the query side, the live stream's query parameter). */
    public static BearerTokenResolver headerOnly() {
        return new DefaultBearerTokenResolver();
    }

    private EdgeSecurity() {
    }

    public static HttpSecurity apply(HttpSecurity http, ObjectMapper json, ApiKeys keys, BearerTokenResolver jwts,
            Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> rules,
            Customizer<OAuth2ResourceServerConfigurer<HttpSecurity>.JwtConfigurer> jwt) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            write(json, response, HttpStatus.UNAUTHORIZED, "unauthorized", "A valid bearer token is required.");
        };
        AccessDeniedHandler denied = (request, response, e) ->
                write(json, response, HttpStatus.FORBIDDEN, "forbidden", "Access denied.");
        var apiKeyFilter = new ApiKeyAuthenticationFilter(keys.lookup(), keys.endpoints(), keys.elsewhere(),
                (response, status, type, detail) -> write(json, response, status, type, detail));
        // a bearer value that is an API key is the API-key filter's; the JWT filter must not try to decode it
        BearerTokenResolver notApiKeys = request -> ApiKeyAuthenticationFilter.apiKeyOf(request) != null
                ? null : jwts.resolve(request);
        return http
                .csrf(csrf -> csrf.disable())
                .addFilterBefore(apiKeyFilter, BearerTokenAuthenticationFilter.class)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(rules)
                .oauth2ResourceServer(o -> o.jwt(jwt)
                        .bearerTokenResolver(notApiKeys)
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(denied))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(denied));
    }

    private static void write(ObjectMapper json, HttpServletResponse response, HttpStatus status, String type,
                              String detail) throws IOException {
        ProblemTypes.write(json, response, ProblemTypes.problem(status, type, detail));
    }
}

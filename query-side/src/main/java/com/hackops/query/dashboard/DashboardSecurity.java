package com.hackops.query.dashboard;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.util.stream.Stream;

/**
 * Security of the dashboard, beside the API's own chain (which this leaves as it is):
 * <ul>
 *   <li>its static files and the local dev sign-in are public (the files hold no data: every number comes from the
 *       query API with the user's token), served with a strict Content-Security-Policy — scripts, styles and
 *       connections only from this origin;</li>
 *   <li>the bearer token is read from the {@code Authorization} header everywhere, and additionally from
 *       {@code ?access_token=} on the live stream only, because a browser's EventSource cannot send headers.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class DashboardSecurity {

    static final String STREAM = "/api/v1/tenants/*/stream";
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    @Bean
    @Order(1)
    SecurityFilterChain dashboardFilterChain(HttpSecurity http) throws Exception {
        // path patterns, not strings: Spring Security makes MVC matchers of strings, which look every request's handler up
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        RequestMatcher dashboard = new OrRequestMatcher(Stream.of("/", "/index.html", "/favicon.ico", "/dashboard/**",
                "/vendor/**", DevSignIn.PATH).map(pattern -> (RequestMatcher) paths.matcher(pattern)).toList());
        return http
                .securityMatcher(dashboard)
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
                .build();
    }

    /** The API chain's token resolver (security.SecurityConfig hands it to EdgeSecurity, which also keeps API keys out). */
    @Bean
    BearerTokenResolver bearerTokenResolver() {
        DefaultBearerTokenResolver headerOnly = new DefaultBearerTokenResolver();
        DefaultBearerTokenResolver headerOrQuery = new DefaultBearerTokenResolver();
        headerOrQuery.setAllowUriQueryParameter(true);
        RequestMatcher stream = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, STREAM);
        return request -> stream.matches(request) ? headerOrQuery.resolve(request) : headerOnly.resolve(request);
    }
}

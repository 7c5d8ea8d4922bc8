package com.hackops.platform.security;

import com.hackops.events.apikey.ApiKeySecrets;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Authenticates {@code Authorization: Bearer hk_…} (an API key) before the JWT filter, which is told to leave such
 * values alone. The key is looked up by its secret's hash on every request — no cache, so a revoked key is refused
 * from the revocation's commit on. A key is accepted only on the endpoints {@code keyEndpoints} matches (each
 * service's {@code EndpointRules.API_KEY_ENDPOINTS}); anywhere else it gets 403 with {@code elsewhere}, whatever its
 * scopes.
 */
public final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    /** Writes a problem document as the answer. */
    public interface Refusal {
        void write(HttpServletResponse response, HttpStatus status, String type, String detail) throws IOException;
    }

    private final ApiKeyLookup keys;
    private final RequestMatcher keyEndpoints;
    private final String elsewhere;
    private final Refusal refusal;

    public ApiKeyAuthenticationFilter(ApiKeyLookup keys, RequestMatcher keyEndpoints, String elsewhere, Refusal refusal) {
        this.keys = keys;
        this.keyEndpoints = keyEndpoints;
        this.elsewhere = elsewhere;
        this.refusal = refusal;
    }

    /** The bearer value when it is an API key (starts with {@code hk_}), else null. */
    public static String apiKeyOf(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String value = header.substring(7).strip();
        return value.startsWith(ApiKeySecrets.PREFIX) ? value : null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String secret = apiKeyOf(request);
        if (secret == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiKeyGrant> grant = ApiKeySecrets.looksLikeSecret(secret)
                ? keys.find(ApiKeySecrets.hash(secret)) : Optional.empty();
        if (grant.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            refusal.write(response, HttpStatus.UNAUTHORIZED, "unauthorized", "The API key is unknown or revoked.");
            return;
        }
        if (!keyEndpoints.matches(request)) {
            refusal.write(response, HttpStatus.FORBIDDEN, "forbidden", elsewhere);
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new ApiKeyAuthentication(grant.get()));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}

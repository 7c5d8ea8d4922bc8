package com.hackops.platform.ratelimit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hackops.platform.web.ProblemTypes;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;

/**
 * Applies {@link RateLimitBuckets} to every API call that passed authentication, before its body is read: the tenant is the
 * {@code tenantId} of the matched path (never a header or body), the caller the token's subject. Over the limit the
 * answer is 429 {@code urn:hackops:problem:rate-limited} with {@code Retry-After} in whole seconds.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitInterceptor implements HandlerInterceptor, WebMvcConfigurer {

    private final RateLimitBuckets limits;
    private final ObjectMapper json;

    RateLimitInterceptor(RateLimitBuckets limits, ObjectMapper json) {
        this.limits = limits;
        this.json = json;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws IOException {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        // counted once per request: not again when an async (streaming) answer is dispatched back
        if (request.getDispatcherType() != DispatcherType.REQUEST || caller == null || !caller.isAuthenticated()) {
            return true;
        }
        RateLimitBuckets.Refusal refusal = limits.acquire(tenantOf(request), caller.getName());
        if (refusal == null) {
            return true;
        }
        long seconds = Math.max(1, (refusal.retryAfter().toMillis() + 999) / 1000);
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                "Too many requests for this %s; retry in %d s.".formatted(refusal.limit(), seconds));
        problem.setProperty("limit", refusal.limit());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        ProblemTypes.write(json, response, problem);
        return false;
    }

    /** The tenant the matched path names; none for paths without one, or with an id that is not even a UUID. */
    private static UUID tenantOf(HttpServletRequest request) {
        if (!(request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables)
                || !(variables.get("tenantId") instanceof String tenant)) {
            return null;
        }
        try {
            return UUID.fromString(tenant);
        } catch (IllegalArgumentException notAUuid) {
            return null;
        }
    }
}

package com.hackops.query.adminaccess;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.AsyncHandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import java.util.Map;
import java.util.UUID;

/**
 * Records each request of a platform admin to the query API in {@code public.platform_admin_access} (who, when,
 * which tenant, method and path), <em>before</em> it is handled, so a refused one leaves its row as well; the answer's
 * status is added when the request ends (for the live stream, when it starts streaming). A row that cannot be written
 * fails the request: an admin's read never runs unrecorded.
 * <p>
 * The tenant is the one the path names. A request without one (the list of all tenants, the admin endpoints) reads
 * across every tenant and is recorded without a tenant, which every tenant's OWNERs see. A path whose tenant is not
 * even a UUID names no tenant and is not recorded. Registered after the rate limiter: a request it refuses reads
 * nothing.
 */
@Component
public class PlatformAdminAccessInterceptor implements AsyncHandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(PlatformAdminAccessInterceptor.class);
    private static final String STARTED = PlatformAdminAccessInterceptor.class.getName() + ".started";

    private final PlatformAdminAccessLog records;

    PlatformAdminAccessInterceptor(PlatformAdminAccessLog records) {
        this.records = records;
    }

    /** The row written before the request was handled. */
    private record Started(UUID id, UUID tenantId, String admin) {
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String admin = platformAdmin();
        // once per request: not again when a streaming answer is dispatched back
        if (request.getDispatcherType() != DispatcherType.REQUEST || admin == null) {
            return true;
        }
        Object tenant = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
                ? variables.get("tenantId") : null;
        UUID tenantId = tenant == null ? null : uuid(tenant.toString());
        if (tenant != null && tenantId == null) {
            return true;
        }
        UUID id = records.started(tenantId, admin, request.getMethod(), request.getRequestURI());
        request.setAttribute(STARTED, new Started(id, tenantId, admin));
        return true;
    }

    @Override
    public void afterConcurrentHandlingStarted(HttpServletRequest request, HttpServletResponse response, Object handler) {
        answered(request, response.getStatus());
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
        // an exception still unhandled here becomes the container's 500
        answered(request, failure != null ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR : response.getStatus());
    }

    private void answered(HttpServletRequest request, int status) {
        if (!(request.getAttribute(STARTED) instanceof Started started)) {
            return;
        }
        request.removeAttribute(STARTED);
        try {
            records.answered(started.tenantId(), started.id(), started.admin(), status);
        } catch (DataAccessException e) {
            // the answer is already on its way; the row written before the request still says who read what
            log.error("platform-admin access {} of {} {}: cannot record the outcome {}", started.id(),
                    request.getMethod(), request.getRequestURI(), status, e);
        }
    }

    /** The token subject when the caller is a platform admin (the claim CallerArgumentResolver reads), else null. */
    private static String platformAdmin() {
        return SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token
                && Boolean.TRUE.equals(token.getToken().getClaimAsBoolean("platform_admin"))
                ? token.getToken().getSubject() : null;
    }

    /** As Spring converts the path variable (also non-canonical forms such as 1-1-1-1-1), so no form escapes the record. */
    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException notAUuid) {
            return null;
        }
    }
}

package com.hackops.command.adminaccess;

import com.hackops.events.types.TenantId;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Records each request of a platform admin that concerns a tenant in {@code platform_admin_access} (who, when, which
 * tenant, method and path), <em>before</em> it is handled, so an attempt the aggregate refuses (403, 404, 409, …)
 * leaves its row as well; the answer's status is added when the request ends, also when the handler threw. A row
 * that cannot be written fails the request: an admin's access never runs unrecorded.
 * <p>
 * A request concerns a tenant when its path names one ({@code {tenantId}}), or when it is an import, whose file names
 * tenants that do not exist yet: the import's own row has no tenant, and when it ends every tenant it created or found
 * already imported gets a row of its own ({@link #concerns}). A path whose tenant is not even a UUID names no tenant
 * and is not recorded. Registered after the rate limiter: a request it refuses reaches no tenant.
 */
@Component
public class PlatformAdminAccessInterceptor implements HandlerInterceptor {

    static final String IMPORTS = "/api/v1/admin/imports";

    private static final Logger log = LoggerFactory.getLogger(PlatformAdminAccessInterceptor.class);
    private static final String STARTED = PlatformAdminAccessInterceptor.class.getName() + ".started";
    private static final String TENANTS = PlatformAdminAccessInterceptor.class.getName() + ".tenants";

    private final PlatformAdminAccessLog records;

    PlatformAdminAccessInterceptor(PlatformAdminAccessLog records) {
        this.records = records;
    }

    /** The row written before the request was handled, and whose request it is. */
    private record Started(UUID id, String admin) {
    }

    /** Names the tenants a request without one in its path reached (the import), for their rows when it ends. */
    public static void concerns(HttpServletRequest request, Collection<TenantId> tenants) {
        request.setAttribute(TENANTS, tenants.stream().map(TenantId::value).distinct().toList());
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String admin = platformAdmin();
        if (request.getDispatcherType() != DispatcherType.REQUEST || admin == null) {
            return true;
        }
        UUID tenant = tenantOf(request);
        if (tenant == null && !IMPORTS.equals(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE))) {
            return true;
        }
        UUID id = records.started(tenant, admin, request.getMethod(), request.getRequestURI());
        request.setAttribute(STARTED, new Started(id, admin));
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
        if (!(request.getAttribute(STARTED) instanceof Started started)) {
            return;
        }
        request.removeAttribute(STARTED);
        // an exception still unhandled here becomes the container's 500
        int status = failure != null ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR : response.getStatus();
        try {
            records.answered(started.id(), status);
            if (request.getAttribute(TENANTS) instanceof List<?> tenants && !tenants.isEmpty()) {
                records.answered(tenants.stream().map(UUID.class::cast).toList(), started.admin(), request.getMethod(),
                        request.getRequestURI(), status);
            }
        } catch (DataAccessException e) {
            // the answer is already sent; the row written before the request still says who did what to which tenant
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

    private static UUID tenantOf(HttpServletRequest request) {
        if (!(request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables)
                || !(variables.get("tenantId") instanceof String tenant)) {
            return null;
        }
        try {
            return TenantId.of(tenant).value();
        } catch (IllegalArgumentException notAUuid) {
            return null;
        }
    }
}
